// Child processes that overran or were killed run inside worker threads; what they did comes back
// as issues of the result. This reads those issues on the main thread, where the metrics live.
import type { Issue } from '../types.js';

/** What ran: the ffprobe or ffmpeg child process, or the image library inside the worker. */
export type Tool = 'ffprobe' | 'ffmpeg' | 'image';
export const TOOLS: readonly Tool[] = ['ffprobe', 'ffmpeg', 'image'];

/** `timeout`: stopped at its time limit (its process group killed); `killed`: died from a signal that was not ours. */
export type ToolFailureReason = 'timeout' | 'killed';

/**
 * The tool failure an issue reports, if any. The analyzers' messages start with the tool's name
 * ("ffprobe ran longer than...", "ffmpeg quick verify ran longer...", "ffmpeg was killed by SIGKILL",
 * "image decode ran longer..."); a TIMEOUT naming neither program is the image library's.
 */
export function toolFailure(issue: Issue): { tool: Tool; reason: ToolFailureReason } | undefined {
  const program = /^(ffprobe|ffmpeg)\b/.exec(issue.message)?.[1] as 'ffprobe' | 'ffmpeg' | undefined;
  if (issue.code === 'TIMEOUT') return { tool: program ?? 'image', reason: 'timeout' };
  if (issue.code === 'TOOL_ERROR' && program !== undefined && / was killed by /.test(issue.message)) return { tool: program, reason: 'killed' };
  return undefined;
}
