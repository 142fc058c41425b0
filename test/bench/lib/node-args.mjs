// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": extra node options for the timed lead
// processes (NODE_OPTIONS refuses --cpu-prof), to profile a case exactly as it is measured.
export const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : []
