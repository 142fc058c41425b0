/** How `lead report referrals --by` groups referrals: on its own so the command's flags load no report code. */
export const GROUPINGS = ['hour', 'weekday', 'week', 'month', 'pathway', 'agency', 'district', 'officer'] as const
export type Grouping = (typeof GROUPINGS)[number]
