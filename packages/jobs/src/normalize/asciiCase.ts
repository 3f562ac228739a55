// Case folding for protocol tokens (statuses, error codes, field names). The Unicode mappings of
// toUpperCase/toLowerCase/trim would make look-alikes match: 'ſ' (U+017F) upper-cases to 'S' and
// 'K' (U+212A, Kelvin) lower-cases to 'k', so "ſuccess" would read as SUCCESS. Only A-Z/a-z fold here.

/** `text` with ASCII a-z upper-cased; every other character unchanged. */
export function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (run) => run.toUpperCase());
}

/** `text` with ASCII A-Z lower-cased; every other character unchanged. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** `text` without leading and trailing ASCII white space (space, tab, CR, LF, FF, VT) only. */
export function asciiTrim(text: string): string {
  return text.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, '');
}
