// A real SMTP server on loopback for the e-mail tests: Debian's python3-aiosmtpd, with a handler
// that prints each message it accepts (envelope and raw text) as one JSON line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { waitFor } from './wait.js';

const PYTHON = '/usr/bin/python3';
/** What to do when aiosmtpd is missing. */
export const SMTP_SETUP_HINT = 'run `npm run setup` (it installs the Debian package python3-aiosmtpd)';

// Exits when its stdin closes, so a crashed test run leaves nothing behind.
const SERVER = `
import json, socket, sys, time
from aiosmtpd.controller import Controller
class Sink:
    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({'from': envelope.mail_from, 'to': envelope.rcpt_tos, 'data': envelope.content.decode('utf8', 'replace')}), flush=True)
        return '250 OK'
probe = socket.socket(); probe.bind(('127.0.0.1', 0)); port = probe.getsockname()[1]; probe.close()
controller = Controller(Sink(), hostname='127.0.0.1', port=port)
controller.start()
print('listening', port, flush=True)
sys.stdin.read()
controller.stop()
`;

/** One mail as the server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message: headers, a blank line, the body. */
  data: string;
}

/** The value of header `name` in a raw message (unfolded). */
export function mailHeader(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.data.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** A running SMTP server and the mails it received. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly port: number,
  ) {}

  /** Starts the server; fails with the setup hint when aiosmtpd is not installed. */
  static start(): Promise<SmtpSink> {
    const child = spawn(PYTHON, ['-c', SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the SMTP server did not start within 30 s: ${stderr}`)), 30_000);
      let sink: SmtpSink | undefined;
      let buffer = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (line.startsWith('listening ')) {
            clearTimeout(timer);
            sink = new SmtpSink(child, Number(line.split(' ')[1]));
            resolve(sink);
          } else if (sink !== undefined && line.trim() !== '') sink.mails.push(JSON.parse(line) as ReceivedMail);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the SMTP server exited (${code}): ${stderr}${stderr.includes('aiosmtpd') ? `; ${SMTP_SETUP_HINT}` : ''}`));
      });
    });
  }

  /** Waits until `count` mails arrived. */
  received(count: number): Promise<boolean> {
    return waitFor(() => this.mails.length >= count, { what: `${count} mails`, detail: () => `got ${this.mails.length}` });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}
