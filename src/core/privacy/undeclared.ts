/**
 * How reports and exports group values they may not print (an undeclared district, an unknown
 * partner). A module of its own so that a renderer needing only the label (`lead status`'s meeting
 * rows) does not load disclosable.ts and the schemas it reads.
 */
export const UNDECLARED = '(not declared)'
