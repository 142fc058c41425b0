"""Replay a documented terminal session: run a command in a pseudo-terminal and answer its prompts.

Usage: transcript-driver.py ANSWERS_JSON -- COMMAND ARGS...
ANSWERS_JSON is a list of [prompt, answer] as a guide writes them (`? prompt › answer`). The answer
is what a person types: text for a question, the first letters of a choice in a list, the number
of a choice in a multi-select list, y or n, or "(none)" for just Enter. Prints one JSON line:
{"code": exit status, "output": everything the terminal showed, "timeout": bool, "stuck": prompt or null}.
"""
import json, os, pty, re, select, signal, sys, time

answers = json.loads(sys.argv[1])
cmd = sys.argv[sys.argv.index('--') + 1:]
limit = float(os.environ.get('PTY_STEP_TIMEOUT', '60'))
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)

out = b''
pos = 0  # answers are looked for only after the previous one's match

def pump(seconds):
    """Read what the terminal shows for up to `seconds`, returning as soon as something came (the
    caller looks at it at once); False once the terminal is closed."""
    global out
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], max(0.0, min(0.05, end - time.time())))
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            out += chunk
            return True
    return True

def wait_for(pattern):
    global pos
    rx = re.compile(pattern.encode())
    end = time.time() + limit
    while time.time() < end:
        m = rx.search(out, pos)
        if m:
            pos = m.end()
            return True
        if not pump(0.1):
            m = rx.search(out, pos)
            if m:
                pos = m.end()
                return True
            return False
    return False

def settle(quiet=0.15, longest=0.4):
    """Read until the terminal has been quiet for `quiet` seconds (at most `longest`): a prompt
    draws its question and its list in one write, so a fixed wait mostly waited for nothing."""
    end = time.time() + longest
    seen, last = len(out), time.time()
    while time.time() < end:
        if not pump(0.05):
            return
        if len(out) != seen:
            seen, last = len(out), time.time()
        elif time.time() - last >= quiet:
            return

def send(keys):
    time.sleep(0.1)
    os.write(fd, keys.encode())

stuck = None
for prompt, answer in answers:
    if not wait_for(r'\? ' + re.escape(prompt)):
        stuck = prompt
        break
    settle()  # let the prompt draw its list, if it has one
    shown = out[pos:].decode('utf-8', 'replace')
    if answer == '(none)':
        send('\r')
    elif answer in ('y', 'n', 'yes', 'no') and re.search(r'\(Y/n\)|\(y/N\)', shown):
        send(answer[0] + '\r')
    elif '\u276f' in shown:  # a list: ❯ marks the active choice
        send(answer)
        if answer.isdigit() and '\u25ef' in shown:  # multi-select: the number ticks a choice
            ok = wait_for('\u25c9')
        else:
            ok = wait_for('\u276f\\s*' + re.escape(answer))
        if not ok:
            stuck = prompt
            break
        send('\r')
    else:
        send('\u0015' + answer + '\r')

if stuck is not None:
    os.kill(pid, signal.SIGKILL)
while True:
    alive = pump(0.2)
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if not alive:
        _, status = os.waitpid(pid, 0)
        break
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"code": code if code >= 0 else 128 - code, "output": out.decode('utf-8', 'replace'), "timeout": stuck is not None, "stuck": stuck}))
