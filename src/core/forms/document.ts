/**
 * The document model every form is built as: a page header (site and jurisdiction), a title and a
 * list of blocks. Builders produce it from records (pure); the HTML and PDF renderers only draw it,
 * so both formats always carry the same content.
 */
import type {IsoDate} from '../clock/dates.js'

/** Paper for full-page forms; the pocket card always uses its own card-sized page. */
export type Paper = 'letter' | 'a4'
export const PAPERS: readonly Paper[] = ['letter', 'a4']

/** `document` pages follow --paper; `card` is a 4 × 6 in index card (fits a uniform pocket). */
export type PageKind = 'document' | 'card'

export interface TableColumn {
  header: string
  /** Share of the table width (the shares of a table's columns are normalised). */
  width: number
  align?: 'left' | 'right' | 'center'
}

export interface ChecklistItem {
  text: string
  checked?: boolean
  /** Small text after the item (a threshold, a reason). */
  note?: string
}

export interface SignatureLine {
  /** What the line is for ("Officer", "Participant"). */
  label: string
  /** Printed under the line when known (a signatory's name and title). */
  name?: string
  title?: string
  /** Printed next to the date line when known; otherwise a blank date line. */
  date?: string
}

export interface Bar {
  label: string
  /** 0…1. */
  fraction: number
  /** Text printed after the bar ("12 / 20 · 60%"). */
  text: string
  /** Drawn in the accent colour (catchment groups). */
  highlight?: boolean
}

export type Block =
  | {type: 'heading'; text: string; level: 1 | 2}
  | {type: 'paragraph'; text: string; style?: 'normal' | 'small' | 'strong' | 'notice'}
  /** Labels and values; an empty value is a blank line to write on. */
  | {type: 'fields'; rows: Array<{label: string; value?: string}>; columns?: 1 | 2}
  | {type: 'list'; items: string[]; ordered?: boolean}
  | {type: 'checklist'; items: ChecklistItem[]; columns?: 1 | 2}
  /** Header repeats on every page the table continues on; `rowHeight` leaves room to write. */
  | {type: 'table'; columns: TableColumn[]; rows: string[][]; rowHeight?: number; empty?: string}
  | {type: 'signatures'; lines: SignatureLine[]}
  | {type: 'bar-chart'; bars: Bar[]; legend?: string}
  /** Blocks printed on one page (a signature block with the text it signs), unless taller than a page. */
  | {type: 'keep-together'; blocks: Block[]}
  /** Keep the next block on a fresh page. */
  | {type: 'page-break'}

export interface FormDocument {
  /** Form name (`referral`, `pocket-card`…), for metadata. */
  form: string
  title: string
  subtitle?: string
  header: {site: string; jurisdiction?: string}
  /** A marking printed prominently on every page (a review copy of a draft or superseded protocol). */
  watermark?: string
  /** Printed in every page footer next to the page number ("Protocol 2026-v2"). */
  footer?: string
  /** The date the content is from (a record's date): the PDF creation date, for reproducible output. */
  date: IsoDate
  page: PageKind
  /** Fits the top half of the page (a slip to cut off): a cut line is drawn at the middle. */
  half?: boolean
  blocks: Block[]
  /** Site-relative files of the records the form was built from. */
  sources: string[]
  /**
   * Files the form quotes text from without being built from them (the earlier meetings whose
   * open actions a PCG agenda lists, which may fail validation): not validated for the form, but
   * searched for the characters no font has, so MISSING_GLYPHS names the record, never "the form".
   */
  quoted?: string[]
}
