"""Run a command in a real pseudo-terminal and script the keys a person would type.

Usage: pty-driver.py STEPS_JSON -- COMMAND ARGS...
STEPS_JSON is a list of [wait_for_regex, keys_to_send] or [wait_for_regex, keys_to_send, true]: with true
the pattern is looked for only in what the terminal showed after the previous step's match (for a
prompt asked twice). Prints one JSON line:
{"code": exit status (128+signal when killed), "output": everything the terminal showed, "timeout": bool}.
"""
import json, os, pty, re, select, sys, time

steps = json.loads(sys.argv[1])
cmd = sys.argv[sys.argv.index('--') + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)

out = b''
timed_out = False

last_match = 0

def read_until(pattern, limit=float(os.environ.get("PTY_STEP_TIMEOUT", "20")), fresh=False):
    global out, timed_out, last_match
    end = time.time() + limit
    rx = re.compile(pattern.encode())
    seen = len(out)
    while time.time() < end:
        m = rx.search(out, last_match) if fresh else (rx.search(out, seen) or rx.search(out))
        if m:
            last_match = m.end()
            return True
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    timed_out = True
    return False

for step in steps:
    wait_for, keys = step[0], step[1]
    if not read_until(wait_for, fresh=len(step) > 2 and step[2]):
        break
    out_len = len(out)
    time.sleep(0.15)
    os.write(fd, keys.encode())

# Drain until the child exits.
while True:
    try:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            out += chunk
    except OSError:
        break
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
_, status = os.waitpid(pid, 0) if not 'done' in dir() or not done else (pid, status)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"code": code if code >= 0 else 128 - code, "output": out.decode('utf-8', 'replace'), "timeout": timed_out}))
