/** A change to one record file, as the write path (src/core/write/record-writer.ts) applies it. */
import type {Kind} from './kinds.js'

export interface RecordChange {
  kind: Kind
  id: string
  /** Site-relative path. */
  file: string
  /** The full new text of the file. */
  text: string
  /**
   * The file's text when the change was made from it (null: the file must not exist yet). Checked
   * under the site lock, so two people changing one record cannot silently undo each other.
   */
  base: string | null
}
