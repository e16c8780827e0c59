// Content checks that need only the probe: a video without sound, and languages a root requires
// (roots[].content_checks). They say nothing about damage, so each raises its own WARNING code.
import type { ContentChecks, Issue, ProbeSummary, StreamSummary } from '../../types.js';

/**
 * ISO 639-2 has two codes for some languages (bibliographic and terminologic) and 639-1 a two-letter
 * one; stream tags use any of them. Each group names one language.
 */
const SAME_LANGUAGE: readonly (readonly string[])[] = [
  ['en', 'eng'],
  ['de', 'deu', 'ger'],
  ['fr', 'fra', 'fre'],
  ['es', 'spa'],
  ['it', 'ita'],
  ['nl', 'nld', 'dut'],
  ['pt', 'por'],
  ['ja', 'jpn'],
  ['zh', 'zho', 'chi'],
  ['ko', 'kor'],
  ['ru', 'rus'],
  ['pl', 'pol'],
  ['sv', 'swe'],
  ['da', 'dan'],
  ['no', 'nor', 'nob', 'nno'],
  ['fi', 'fin'],
  ['cs', 'ces', 'cze'],
  ['el', 'ell', 'gre'],
  ['tr', 'tur'],
  ['ar', 'ara'],
  ['he', 'heb'],
  ['hi', 'hin'],
  ['hu', 'hun'],
  ['ro', 'ron', 'rum'],
  ['sk', 'slk', 'slo'],
  ['uk', 'ukr'],
  ['fa', 'fas', 'per'],
  ['is', 'isl', 'ice'],
  ['mk', 'mkd', 'mac'],
  ['sq', 'sqi', 'alb'],
  ['hy', 'hye', 'arm'],
  ['ka', 'kat', 'geo'],
  ['eu', 'eus', 'baq'],
  ['cy', 'cym', 'wel'],
  ['ms', 'msa', 'may'],
  ['my', 'mya', 'bur'],
  ['bo', 'bod', 'tib'],
  ['th', 'tha'],
  ['vi', 'vie'],
  ['id', 'ind'],
  ['bg', 'bul'],
  ['hr', 'hrv'],
  ['sr', 'srp'],
];

/** Every code that names the same language as `code` (lower case), `code` itself included. */
function sameLanguage(code: string): readonly string[] {
  const lower = code.trim().toLowerCase();
  return SAME_LANGUAGE.find((group) => group.includes(lower)) ?? [lower];
}

/** NO_AUDIO and MISSING_LANGUAGE for a video file, as its root's checks ask. */
export function streamContentIssues(probe: ProbeSummary, checks: ContentChecks): Issue[] {
  const issues: Issue[] = [];
  const audio = probe.streams.filter((s) => s.type === 'audio');
  if (checks.noAudio && audio.length === 0) {
    issues.push({ code: 'NO_AUDIO', message: 'the video has no audio stream (roots[].content_checks.no_audio)' });
  }
  const subtitles = probe.streams.filter((s) => s.type === 'subtitle');
  issues.push(...missing('audio', audio, checks.audioLanguages), ...missing('subtitle', subtitles, checks.subtitleLanguages));
  return issues;
}

function missing(type: 'audio' | 'subtitle', streams: readonly StreamSummary[], required: readonly string[]): Issue[] {
  const present = new Set(streams.map((s) => s.language).filter((l): l is string => l !== undefined));
  const absent = required.filter((language) => !sameLanguage(language).some((code) => present.has(code)));
  if (absent.length === 0) return [];
  const found = present.size > 0 ? [...present].sort().join(', ') : 'none tagged';
  return [
    {
      code: 'MISSING_LANGUAGE',
      message: `no ${type} stream in ${absent.join(', ')} (${type} languages: ${found}; roots[].content_checks.${type}_languages)`,
    },
  ];
}
