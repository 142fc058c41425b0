/** The runs lead's chunks are cut for (bundle-runs.mjs says how). */
export interface BundleRun {
  name: string
  /** The command line, `{referral}` standing for a referral's ID; none for a run lead starts itself (a thread). */
  line?: string[]
  /** The example site's state the line runs on; none: outside a site. */
  site?: 'warm' | 'cold' | 'changed' | 'written'
  /** The files of lead's build (paths inside dist/) the run loads by path or import(). */
  loads: string[]
}
export declare const RUNS: BundleRun[]
