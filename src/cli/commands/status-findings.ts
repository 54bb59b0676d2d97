import type { DiagnoseInput } from '../../core/diagnose/diagnose-input.js';
import { runRules } from '../../core/diagnose/run-rules.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { renderFindingsLine } from '../../sinks/terminal/diagnose-text.js';

/**
 * The last line of the human status table: the diagnose rules run on what this pass already
 * read (the census; with --by, the sockets and sysctls too) and nothing more, so it costs no
 * extra read of the kernel. Rules that need more data are left to `tcpdoctor diagnose`.
 */
export function statusFindingsLine(snapshot: Snapshot): string {
  const input: DiagnoseInput = { census: snapshot.census, kernel: snapshot.kernel };
  if (snapshot.sockets) input.records = snapshot.sockets;
  if (snapshot.counters) input.counters = snapshot.counters;
  if (snapshot.rates) input.rates = snapshot.rates;
  if (snapshot.sysctls) input.sysctls = snapshot.sysctls;
  return `${renderFindingsLine(runRules(input, 'en').findings, input.records !== undefined)}\n`;
}
