import { describeTool, findMediaTools, type MediaTools } from '../media/index.js'
import { CliUsageError, parseCommandLine } from './output.js'

/**
 * `peerwatch doctor`: which ffmpeg and ffprobe Peerwatch uses, their versions, and the hardware
 * encoders that work here. Exit 1 when a film the browser cannot decode could not be converted.
 */
export async function runDoctor(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine('doctor', argv, { json: { type: 'boolean' } })
  if (positionals.length > 0) throw new CliUsageError('doctor takes no arguments besides --json.')
  const tools = await findMediaTools()
  process.stdout.write(values.json ? `${JSON.stringify(tools)}\n` : report(tools))
  return tools.ffmpeg && tools.ffprobe ? 0 : 1
}

function report(tools: MediaTools): string {
  const lines = [describeTool(tools.ffmpeg, 'ffmpeg'), describeTool(tools.ffprobe, 'ffprobe')]
  lines.push(
    tools.hardwareEncoders.length > 0
      ? `hardware encoders: ${tools.hardwareEncoders.join(', ')} (conversions keep up to 1080p)`
      : 'hardware encoders: none working here; conversions use libx264 and scale to 720p at most',
  )
  if (tools.unusableHardwareEncoders.length > 0) {
    lines.push(`built in but not working here: ${tools.unusableHardwareEncoders.join(', ')}`)
  }
  if (!tools.ffmpeg || !tools.ffprobe) {
    lines.push(
      'Without both, films the browser cannot decode play only in VLC: reinstall Peerwatch, install ffmpeg, or set PEERWATCH_FFMPEG and PEERWATCH_FFPROBE.',
    )
  }
  return `${lines.join('\n')}\n`
}
