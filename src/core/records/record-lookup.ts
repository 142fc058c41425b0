/** Finding an addressed record on disk, with a "did you mean" when it is not there. */
import fs from 'node:fs'
import path from 'node:path'
import {usageError} from '../errors.js'
import type {Site} from '../site.js'
import {closest} from '../text/suggest.js'
import {readCapped} from './bounded-read.js'
import {idProblem, KIND_INFO} from './kinds.js'
import {formatBytes} from '../text/byte-size.js'
import {listSiteFiles} from './site-files.js'
import type {RecordAddress} from './record-address.js'

export interface FoundRecord extends RecordAddress {
  abs: string
  text: string
}

/** The record's file and text; a usage error naming the closest ID when it does not exist. */
export function findRecordFile(site: Site, address: RecordAddress): FoundRecord {
  let file = address.file
  let abs = path.join(site.root, file)
  if (!fs.existsSync(abs)) {
    const listed = listSiteFiles(site.root).files.filter((f) => f.kind === address.kind)
    const same = listed.find((f) => f.id === address.id)
    if (!same) {
      // A participant file's name may be a person's (consents/Jane Doe.yaml): only IDs are offered,
      // and the paths go in the details, so the typed name is concealed wherever it is repeated.
      const offered = KIND_INFO[address.kind].participantData ? listed.filter((f) => idProblem(f.kind, f.id) === undefined) : listed
      const near = closest(address.id, offered.map((f) => f.id))
      const nearFile = near === undefined ? undefined : offered.find((f) => f.id === near)?.file
      throw usageError('NOT_FOUND', `no ${address.kind} "${address.id}"${near ? ` (did you mean "${near}"?)` : ''}`, `see \`lead list ${address.kind}\` for the IDs, or create it with \`lead new ${address.kind}\``, {files: [address.file, ...(nearFile ? [nearFile] : [])]})
    }
    file = same.file
    abs = same.abs
  }
  const st = fs.lstatSync(abs)
  if (!st.isFile()) throw usageError('NOT_A_RECORD_FILE', `${file} is not a regular file`, 'lead never reads or writes through symbolic links')
  const max = KIND_INFO[address.kind].maxBytes
  const read = readCapped(abs, max, {noFollow: true})
  if (read.bytes === undefined) throw usageError('FILE_TOO_LARGE', `${file} is ${formatBytes(read.size)}, over the ${formatBytes(max)} limit for this kind of record`, 'run lead validate; fix the file in an editor')
  return {...address, file, abs, text: read.bytes.toString('utf8').replace(/^\uFEFF/, '')}
}
