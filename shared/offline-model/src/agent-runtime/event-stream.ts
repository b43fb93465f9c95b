/** InvokeAgent's response body: AWS event-stream messages, encoded with the SDK's own codec. */
import { Readable } from 'node:stream';
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const str = (value: string) => ({ type: 'string' as const, value });

/** One event of the ResponseStream union: `chunk`, `trace`, `returnControl`. */
export function eventMessage(eventType: string, payload: unknown): Message {
  return {
    headers: { ':message-type': str('event'), ':event-type': str(eventType), ':content-type': str('application/json') },
    body: fromUtf8(JSON.stringify(payload)),
  };
}

/** An exception inside the stream (e.g. `throttlingException`), as AWS sends one mid-answer. */
export function exceptionMessage(exceptionType: string, message: string): Message {
  return {
    headers: { ':message-type': str('exception'), ':exception-type': str(exceptionType), ':content-type': str('application/json') },
    body: fromUtf8(JSON.stringify({ message })),
  };
}

/** The messages as a byte stream, one frame per message, as the SDK reads a real response body. */
export function eventStreamBody(messages: Message[]): Readable {
  return Readable.from(messages.map((m) => codec.encode(m)));
}
