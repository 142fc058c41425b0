/**
 * Saves of what a run learnt for the next one (the delta's basis, ~5 ms on 13,000 records; the
 * parse cache with the records a write wrote) that a write puts off until git is committing, when lead's thread would otherwise wait for git. A save
 * runs at once unless a write holds them (`holdSaves`); the write runs what it held
 * (`runHeldSaves`) once git has started, and in any case before it returns. Only saves whose loss
 * costs speed, never a result, may be put off: each is keyed by what it was learnt from.
 */
let held: Array<() => void> | undefined

export function saveLater(save: () => void): void {
  if (held) held.push(save)
  else save()
}

export function holdSaves(): void {
  held ??= []
}

export function runHeldSaves(): void {
  const saves = held ?? []
  held = undefined
  for (const save of saves) {
    try {
      save()
    } catch {
      // A save not made costs the next command speed, never this one its result.
    }
  }
}
