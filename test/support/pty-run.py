"""Run a command in a pseudo-terminal, answering prompts: pty-run.py TIMEOUT EXPECT1 SEND1 [EXPECT2 SEND2 ...] -- CMD...

Each SEND is written once EXPECT has appeared in the output (\\r = Enter, \\x1b[B = arrow down).
Prints everything the command wrote; exits with the command's exit code (124 on timeout)."""
import os, pty, select, sys, time

args = sys.argv[1:]
sep = args.index('--')
timeout = float(args[0])
steps = list(zip(args[1:sep:2], args[2:sep:2]))
cmd = args[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
out = b''
deadline = time.time() + timeout
while True:
    if time.time() > deadline:
        os.kill(pid, 9)
        sys.stdout.write(out.decode('utf8', 'replace'))
        sys.exit(124)
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if steps and steps[0][0].encode() in out:
            time.sleep(0.1)
            os.write(fd, steps[0][1].encode().decode('unicode_escape').encode())
            steps.pop(0)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
