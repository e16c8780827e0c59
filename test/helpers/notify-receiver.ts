// A stand-in for systemd's NOTIFY_SOCKET: a real unix datagram socket (Node cannot open one, so a
// tiny Python receiver) that records every message sent to it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';
export const SETUP_HINT = 'run `npm run setup` (it installs Debian packages systemd and python3-minimal)';

// Exits by itself after 60 s without a datagram, so a crashed test run leaves nothing behind.
const RECEIVER = `
import array, os, socket, struct, sys
name = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind('\\0' + name[1:] if name.startswith('@') else name)
s.settimeout(60)
print('listening', flush=True)
while True:
    data, anc, flags, addr = s.recvmsg(65536, socket.CMSG_SPACE(64) + socket.CMSG_SPACE(12))
    pid, fds = 0, []
    for level, kind, payload in anc:
        if kind == socket.SCM_CREDENTIALS:
            pid = struct.unpack('i', payload[:4])[0]
        elif kind == socket.SCM_RIGHTS:
            a = array.array('i'); a.frombytes(payload[:len(payload) - len(payload) % 4]); fds = list(a)
    # Printed before the barrier is released: a finished systemd-notify run is already in our output.
    print(pid, len(fds), data.hex(), flush=True)
    for fd in fds: os.close(fd)
`;

/** One datagram: its KEY=value lines. */
export type Message = string[];

/** A NOTIFY_SOCKET that records what arrives (BARRIER=1 round trips left out). */
export class NotifyReceiver {
  readonly messages: Message[] = [];
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {}

  static start(address: string): Promise<NotifyReceiver> {
    const child = spawn(PYTHON, ['-c', RECEIVER, address], { stdio: ['pipe', 'pipe', 'pipe'] });
    const receiver = new NotifyReceiver(child);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver did not start within 30 s: ${stderr}`)), 30_000);
      let buffer = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'listening') {
            clearTimeout(timer);
            resolve(receiver);
          } else receiver.add(line);
        }
      });
      child.once('exit', (code) => reject(new Error(`receiver exited (${code}): ${stderr}`)));
    });
  }

  private add(line: string): void {
    const hex = line.split(' ')[2] ?? '';
    const message = Buffer.from(hex, 'hex').toString('utf8').split('\n');
    if (message.length === 1 && message[0] === 'BARRIER=1') return;
    this.messages.push(message);
  }

  /** What has arrived so far, for the message of a failed wait. */
  received(): string {
    return `received: ${JSON.stringify(this.messages)}`;
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
