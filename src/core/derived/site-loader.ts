/**
 * Where a command that derives a result from the whole site (status, a report, a list) gets the
 * site's records when it must compute: listed from the last validation's basis when git's state
 * is the one the basis was listed from (validate/delta-basis.ts listingFromBasis, as the write
 * path lists; a write leaves one for the state it commits), else from git's answer as ever. On a
 * 10,000-referral site that is one file read instead of 13,000 paths classified from git's answer.
 * The basis's reader is loaded only by a run that computes: a run answered from a memo loads none.
 */
import type {GitFileState} from '../records/git-file-state.js'
import {recordsLoader, type RecordsLoader} from '../records/state-memo.js'
import type {Site} from '../site.js'

export function siteLoader(site: Site, git: GitFileState | undefined): RecordsLoader {
  let loaded: ReturnType<RecordsLoader> | undefined
  return () => (loaded ??= import('../validate/delta-basis.js').then(({listingFromBasis}) => recordsLoader(site, git, (state) => listingFromBasis(site.root, state))()))
}
