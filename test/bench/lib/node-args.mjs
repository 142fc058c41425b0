// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": extra node options for the timed lead
// processes (NODE_OPTIONS refuses --cpu-prof), to profile a case exactly as it is measured.
export const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : []

// BENCH_LEAD_NODE=/path/to/node: the Node binary that runs the timed processes (lead and its
// floors), where it is not the one running the bench: `npm run bench:lts` measures lead on each
// Node LTS it supports this way (scripts/bench-lts.mjs).
export const leadNode = process.env.BENCH_LEAD_NODE || process.execPath
