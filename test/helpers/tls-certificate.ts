// A self-signed certificate for tests of the API over TLS, made by the real openssl.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Writes tls.crt and tls.key (a self-signed certificate for 127.0.0.1 and localhost) into `dir`. */
export function makeCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  const args = [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ];
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: 60_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`openssl failed (run test/setup.sh): ${stderr}`)) : resolve({ cert, key }),
    );
  });
}
