/**
 * The TUI's connection to the server: the API client, the event stream and the event parser. Loaded
 * once the first frame is on the screen, since the schemas they validate with take a while to build.
 */
import { EventStream } from '../client/events.js';
import { DeskApi } from '../client/api.js';
import type { Live } from './controller.js';
import { parseEvent } from './events.js';

export function connect(server: string, token: string): Live {
  return {
    api: new DeskApi(server, token),
    // Ask for everything after the end of the log: the server answers `resync` with its head, which
    // loads the state over REST; from then on the stream resumes from the last event it delivered.
    stream: new EventStream({ server, token, since: Number.MAX_SAFE_INTEGER }),
    parse: parseEvent,
  };
}
