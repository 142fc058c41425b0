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
  /**
   * The value `text` holds, when the command made the text from data it already has (a roster
   * import): the write path validates it instead of parsing the text again, and parses the text
   * only to place a finding. It must be exactly what parsing `text` gives.
   */
  data?: Record<string, unknown>
  /**
   * The file on disk starts with a byte-order mark, which the write keeps (write/write-files.ts
   * textOnDisk). Noted by the write path's check of the file (checkChanges), so that the change is
   * judged as the bytes it puts on disk: their size and content hash, as a load reads them.
   */
  bom?: boolean
}
