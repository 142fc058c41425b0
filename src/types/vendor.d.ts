// The few parts of two untyped libraries that lead uses.

declare module 'bidi-js' {
  interface EmbeddingLevels {
    levels: Uint8Array
    paragraphs: Array<{start: number; end: number; level: number}>
  }
  interface Bidi {
    getEmbeddingLevels(text: string, direction?: 'ltr' | 'rtl' | 'auto'): EmbeddingLevels
    /** Ranges [start, end] (inclusive) to reverse, in order, to turn logical into visual order. */
    getReorderSegments(text: string, levels: EmbeddingLevels, start?: number, end?: number): Array<[number, number]>
    getMirroredCharactersMap(text: string, levels: EmbeddingLevels, start?: number, end?: number): Map<number, string>
  }
  const bidiFactory: () => Bidi
  export default bidiFactory
}

declare module 'fontkit' {
  export interface Font {
    postscriptName: string
    familyName: string
    hasGlyphForCodePoint(codePoint: number): boolean
  }
  export interface FontCollection {
    fonts: Font[]
  }
  export function openSync(path: string, postscriptName?: string): Font | FontCollection
}
