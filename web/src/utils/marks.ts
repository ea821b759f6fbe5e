// A performance mark when the first page a visitor opens has become usable (its QR code drawn, or
// its list rendered from the API): what bench/console_load.py measures against the 1 s budget.
import { nextTick } from 'vue'

export const INTERACTIVE = 'zhucun:interactive'

export function markInteractive() {
  void nextTick(() => {
    if (!performance.getEntriesByName(INTERACTIVE).length) performance.mark(INTERACTIVE)
  })
}
