/** What the recording tests share: ffprobe's reading of a video file, and the PNG header's size. */
import { execFileSync } from 'node:child_process';

export interface ProbedVideo {
  codec: string;
  width: number;
  height: number;
  /** Frames ffprobe decoded (-count_frames), not the container's claim. */
  frames: number;
}

/** Debian's ffprobe (ffmpeg); .ci/run installs it when absent. */
export function probeVideo(file: string): ProbedVideo {
  const json = execFileSync(
    'ffprobe',
    ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,width,height,codec_name', '-of', 'json', file],
    { encoding: 'utf8' },
  );
  const stream = (JSON.parse(json) as { streams?: { codec_name: string; width: number; height: number; nb_read_frames: string }[] }).streams?.[0];
  if (stream === undefined) throw new Error(`ffprobe found no video stream in ${file}`);
  return { codec: stream.codec_name, width: stream.width, height: stream.height, frames: Number(stream.nb_read_frames) };
}
