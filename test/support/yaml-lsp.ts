/**
 * A minimal LSP client for yaml-language-server (the engine of VS Code's YAML extension), driven
 * over stdio as an editor drives it: initialize, push the site's `yaml.*` settings, open
 * documents, collect the diagnostics the server publishes for each.
 */
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process'
import {createRequire} from 'node:module'
import path from 'node:path'

export interface LspDiagnostic {
  range: {start: {line: number; character: number}; end: {line: number; character: number}}
  message: string
  severity?: number
  source?: string
}

export class YamlLanguageServer {
  private readonly child: ChildProcessWithoutNullStreams
  private buffer = Buffer.alloc(0)
  private nextId = 1
  private readonly pending = new Map<number, (result: unknown) => void>()
  private readonly published = new Map<string, LspDiagnostic[]>()
  private readonly waiters = new Map<string, Array<(d: LspDiagnostic[]) => void>>()
  private settings: Record<string, unknown> = {}

  constructor() {
    const require = createRequire(import.meta.url)
    const pkg = path.dirname(require.resolve('yaml-language-server/package.json'))
    this.child = spawn(process.execPath, [path.join(pkg, 'bin', 'yaml-language-server'), '--stdio'], {stdio: 'pipe'})
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk))
    this.child.stderr.resume()
  }

  async start(rootUri: string, settings: Record<string, unknown>): Promise<void> {
    this.settings = settings
    await this.request('initialize', {processId: process.pid, rootUri, capabilities: {textDocument: {publishDiagnostics: {relatedInformation: false}}}, workspaceFolders: [{uri: rootUri, name: 'site'}]})
    this.notify('initialized', {})
    this.notify('workspace/didChangeConfiguration', {settings})
  }

  /**
   * Open a document and wait for the diagnostics the server publishes for it: the last list once
   * the server has been quiet for `settleMs` (it may publish first before its schema is loaded).
   */
  diagnostics(uri: string, text: string, timeoutMs = 30_000, settleMs = 1500): Promise<LspDiagnostic[]> {
    return new Promise((resolve, reject) => {
      let settle: NodeJS.Timeout | undefined
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs)
      const waiter = (d: LspDiagnostic[]) => {
        clearTimeout(settle)
        settle = setTimeout(() => {
          clearTimeout(timer)
          this.waiters.set(uri, (this.waiters.get(uri) ?? []).filter((w) => w !== waiter))
          resolve(d)
        }, settleMs)
      }
      this.waiters.set(uri, [...(this.waiters.get(uri) ?? []), waiter])
      this.notify('textDocument/didOpen', {textDocument: {uri, languageId: 'yaml', version: 1, text}})
    })
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))])
      this.notify('exit', null)
    } finally {
      this.child.kill()
    }
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, resolve)
      this.send({jsonrpc: '2.0', id, method, params})
    })
  }

  private notify(method: string, params: unknown): void {
    this.send({jsonrpc: '2.0', method, params})
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8')
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]))
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk])
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n')
      if (headerEnd < 0) return
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1])
      if (this.buffer.length < headerEnd + 4 + length) return
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as {id?: number; method?: string; params?: any; result?: unknown}
      this.buffer = this.buffer.subarray(headerEnd + 4 + length)
      this.handle(message)
    }
  }

  private handle(message: {id?: number; method?: string; params?: any; result?: unknown}): void {
    if (message.method === 'textDocument/publishDiagnostics') {
      const {uri, diagnostics} = message.params as {uri: string; diagnostics: LspDiagnostic[]}
      this.published.set(uri, diagnostics)
      for (const waiter of this.waiters.get(uri) ?? []) waiter(diagnostics)
      return
    }
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server: the settings it asks for (as VS Code answers from settings.json), else nothing.
      const items = (message.params?.items ?? []) as Array<{section?: string}>
      this.send({jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? items.map((i) => (i.section ? this.settings[i.section] ?? null : null)) : null})
      return
    }
    if (message.id !== undefined) this.pending.get(message.id)?.(message.result)
  }
}
