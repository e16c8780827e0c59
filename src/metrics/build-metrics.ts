// mediavigil_build_info: the versions in use, as labels of a constant 1 (join on it in queries).
import { Gauge, type Registry } from 'prom-client';
import { VERSION } from '../version.js';

export class BuildMetrics {
  private readonly info: Gauge<'version' | 'node' | 'ffmpeg'>;

  constructor(registry: Registry) {
    this.info = new Gauge({
      name: 'mediavigil_build_info',
      help: 'Versions of mediavigil, Node.js and the ffmpeg in use; the value is always 1.',
      labelNames: ['version', 'node', 'ffmpeg'],
      registers: [registry],
    });
    this.setFfmpeg('unknown');
  }

  /** The ffmpeg version is known once the tools are found. */
  setFfmpeg(ffmpeg: string): void {
    this.info.reset();
    this.info.set({ version: VERSION, node: process.versions.node, ffmpeg }, 1);
  }
}
