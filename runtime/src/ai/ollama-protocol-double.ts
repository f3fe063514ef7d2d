import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `/api/chat` request as the protocol double received it (the raw body too, to search it for originals). */
export interface ChatRequest {
  raw: string;
  model: string;
  messages: { role: string; content: string }[];
  format: unknown;
  stream: unknown;
  options?: { temperature?: number; num_predict?: number };
}

/** What the double answers to one chat request: assistant content, or a misbehaviour. */
export type ChatReply =
  | { content: string; model?: string }
  | { delayMs: number; content: string }
  | { status: number; error: string }
  | { body: string };

/**
 * Ollama protocol double: a local HTTP server that speaks Ollama's REST API as documented — `GET /api/tags`
 * (the models it has) and non-streamed `POST /api/chat` — and checks what a real Ollama requires (JSON body,
 * a known model, a message list). It stands in for a real model, which cannot run here; `reply` scripts the
 * assistant's content per request.
 */
export class OllamaProtocolDouble {
  readonly chats: ChatRequest[] = [];
  tagRequests = 0;
  models = ['llama3.2:3b', 'mistral-small:24b'];
  reply: (request: ChatRequest) => ChatReply = () => ({ content: '{}' });
  private server?: Server;

  get host(): string {
    if (!this.server) throw new Error('the double is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => this.handle(req.method ?? '', req.url ?? '', raw, res));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    this.server?.close();
  }

  private handle(method: string, url: string, raw: string, res: import('node:http').ServerResponse): void {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (method === 'GET' && url === '/api/tags') {
      this.tagRequests++;
      json(200, {
        models: this.models.map((name) => ({
          name,
          model: name,
          modified_at: '2026-01-10T08:00:00.000Z',
          size: 2_019_393_189,
          digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
          details: { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        })),
      });
      return;
    }
    if (method !== 'POST' || url !== '/api/chat') {
      json(404, { error: `404 page not found` });
      return;
    }
    let body: ChatRequest;
    try {
      body = { ...JSON.parse(raw), raw };
    } catch {
      json(400, { error: 'invalid character in request body' });
      return;
    }
    if (!this.models.includes(body.model)) {
      json(404, { error: `model "${body.model}" not found, try pulling it first` });
      return;
    }
    if (!Array.isArray(body.messages) || body.messages.some((m) => typeof m.content !== 'string')) {
      json(400, { error: 'messages must be an array of {role, content}' });
      return;
    }
    this.chats.push(body);
    const reply = this.reply(body);
    if ('status' in reply) {
      json(reply.status, { error: reply.error });
      return;
    }
    if ('body' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(reply.body);
      return;
    }
    const send = () =>
      json(200, {
        model: 'model' in reply && reply.model ? reply.model : body.model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: reply.content },
        done_reason: 'stop',
        done: true,
        total_duration: 1_250_000_000,
        load_duration: 50_000_000,
        prompt_eval_count: 412,
        prompt_eval_duration: 400_000_000,
        eval_count: 96,
        eval_duration: 800_000_000,
      });
    if ('delayMs' in reply) {
      const timer = setTimeout(send, reply.delayMs);
      res.on('close', () => clearTimeout(timer));
    } else send();
  }
}
