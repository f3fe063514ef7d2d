import type { EventService } from '@iapm/runtime';
import { EventRejected, MAX_EML_BYTES } from '@iapm/runtime';
import type { Models } from '@iapm/runtime/db';
import { findEvent, type Issue, validateWith } from '@iapm/schemas';
import express, { Router } from 'express';
import { requireApiKey } from '../http/api-key.ts';
import type { Metrics } from '../http/metrics.ts';
import { HttpProblem, invalid } from '../http/problem.ts';
import { parse } from '../http/validate.ts';
import { InboundEmailService } from '../services/inbound-email.service.ts';
import { assertStorable } from '../services/workflow.service.ts';

const issue = (pointer: string, fr: string, en: string): Issue => ({
  pointer,
  code: 'schema.invalid',
  message: { fr, en },
  severity: 'error',
});

/** Checks an event body: its envelope, its type and its payload against the event's schema. */
function envelope(
  body: unknown,
  base = '',
): {
  issues: Issue[];
  value?: { type: string; payload: Record<string, unknown>; idempotencyKey?: string; occurredAt?: string };
} {
  const issues: Issue[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { issues: [issue(base, 'Un objet JSON est attendu.', 'A JSON object is expected.')] };
  const { type, payload, idempotencyKey, occurredAt, ...rest } = body as Record<string, unknown>;
  for (const key of Object.keys(rest))
    issues.push({
      pointer: `${base}/${key}`,
      code: 'schema.additionalProperties',
      message: { fr: `Champ inconnu : « ${key} ».`, en: `Unknown field: "${key}".` },
      severity: 'error',
    });
  if (typeof type !== 'string')
    issues.push(issue(`${base}/type`, "Le type d'événement est obligatoire.", 'The event type is required.'));
  if (!payload || typeof payload !== 'object' || Array.isArray(payload))
    issues.push(issue(`${base}/payload`, 'Le contenu (payload) doit être un objet.', 'The payload must be an object.'));
  if (
    idempotencyKey !== undefined &&
    (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 200)
  ) {
    issues.push(
      issue(
        `${base}/idempotencyKey`,
        "La clé d'idempotence est un texte de 1 à 200 caractères.",
        'The idempotency key is a string of 1 to 200 characters.',
      ),
    );
  }
  if (occurredAt !== undefined && (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt)))) {
    issues.push(issue(`${base}/occurredAt`, 'Date et heure ISO 8601 attendue.', 'ISO 8601 date-time expected.'));
  }
  if (issues.length) return { issues };
  const entry = findEvent(type as string);
  if (!entry)
    return {
      issues: [
        {
          pointer: `${base}/type`,
          code: 'catalog.unknown-event',
          message: { fr: `Événement inconnu : « ${type} ».`, en: `Unknown event: "${type}".` },
          severity: 'error',
        },
      ],
    };
  // Field names the database cannot store ($…, dotted) are refused with their pointer, never a 500.
  try {
    assertStorable(payload, `${base}/payload`);
  } catch (error) {
    return { issues: (error as { issues: Issue[] }).issues };
  }
  const payloadCheck = validateWith(entry.schemaRef, payload, `${base}/payload`);
  if (!payloadCheck.ok) return { issues: payloadCheck.issues };
  return {
    issues,
    value: {
      type: type as string,
      payload: payload as Record<string, unknown>,
      ...(idempotencyKey ? { idempotencyKey: idempotencyKey as string } : {}),
      ...(occurredAt ? { occurredAt: occurredAt as string } : {}),
    },
  };
}

/**
 * The runtime event API for a firm's systems: `POST /api/v1/events` and `/api/v1/events/batch` (up to 100).
 * Answers 202 with the event id, whether it repeated an idempotency key, and the runs it started.
 * `POST /api/v1/inbound/email` takes a raw RFC 822 message (`message/rfc822`, at most 25 MB) and turns it
 * into `email:received` with the message and its attachments stored.
 */
export function eventRoutes(models: Models, events: EventService, options: { metrics?: Metrics } = {}): Router {
  const router = Router();
  const auth = requireApiKey(models);
  const inbound = new InboundEmailService(models, events);
  const accept = async (
    req: express.Request,
    value: NonNullable<ReturnType<typeof envelope>['value']>,
    base: string,
  ) => {
    try {
      const accepted = await events.accept(
        req.apiTenantId as string,
        { ...value, source: 'api' },
        {
          // `envelope` has just validated the payload against the event's schema.
          payloadChecked: true,
          ...(req.apiFirmGeneration === undefined ? {} : { generation: req.apiFirmGeneration }),
        },
      );
      options.metrics?.eventsAccepted.inc({ source: 'api' });
      return accepted;
    } catch (error) {
      if (error instanceof EventRejected)
        throw invalid(error.issues.map((i) => ({ ...i, pointer: `${base}${i.pointer}` })));
      throw error;
    }
  };
  router.post('/api/v1/events', auth, async (req, res) => {
    const { issues, value } = envelope(req.body);
    if (!value) throw invalid(issues);
    const accepted = await accept(req, value, '');
    res.status(202).json({ eventId: accepted.eventId, duplicate: accepted.duplicate, runs: accepted.runs });
  });
  router.post('/api/v1/events/batch', auth, async (req, res) => {
    const list = (req.body as { events?: unknown })?.events;
    if (!Array.isArray(list) || list.length === 0 || list.length > 100) {
      throw invalid([
        issue('/events', 'Une liste de 1 à 100 événements est attendue.', 'A list of 1 to 100 events is expected.'),
      ]);
    }
    // Every envelope is checked before anything is accepted, so a bad batch starts nothing.
    const checked = list.map((item, i) => envelope(item, `/events/${i}`));
    const issues = checked.flatMap((c) => c.issues);
    if (issues.length) throw invalid(issues);
    // Accepted together, so that their inserts are grouped; the answer keeps the order of the batch.
    const results = await Promise.all(
      checked.map((c, i) => accept(req, c.value as NonNullable<typeof c.value>, `/events/${i}`)),
    );
    res
      .status(202)
      .json({ results: results.map((r) => ({ eventId: r.eventId, duplicate: r.duplicate, runs: r.runs })) });
  });
  router.post(
    '/api/v1/inbound/email',
    auth,
    (req, _res, next) => {
      if (!req.is('message/rfc822'))
        throw new HttpProblem(415, 'unsupported-media-type', {
          fr: 'Un message brut RFC 822 est attendu (Content-Type: message/rfc822).',
          en: 'A raw RFC 822 message is expected (Content-Type: message/rfc822).',
        });
      next();
    },
    express.raw({ type: 'message/rfc822', limit: MAX_EML_BYTES }),
    async (req, res) => {
      const query = parse('InboundEmailQuery', req.query);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await inbound.receive(req.apiTenantId as string, raw, {
        ...(query.mailbox ? { mailbox: query.mailbox } : {}),
        ...(query.idempotencyKey ? { idempotencyKey: query.idempotencyKey } : {}),
      });
      options.metrics?.eventsAccepted.inc({ source: 'inbound-email' });
      res.status(202).json({
        eventId: result.eventId,
        duplicate: result.duplicate,
        runs: result.runs,
        emailId: result.emailId,
        attachments: result.attachments,
      });
    },
  );
  return router;
}
