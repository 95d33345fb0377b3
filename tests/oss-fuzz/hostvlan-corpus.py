#!/usr/bin/env python3
# Copyright (c) 2026 HostVLAN-OVS developers.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""A fuzz target's seed corpus, kept as one reviewable text file.

tests/oss-fuzz/TARGET.corpus holds one input per line, "NAME FORM:DATA",
where FORM is "text" (DATA as it is, with C-style escapes \\n \\t \\\\
\\xHH), "text0" (the same with a NUL appended, as upstream's text targets
want) or "hex" (DATA in hexadecimal).  "#" starts a comment; an input
that once crashed a target keeps the comment that says what it found.

  hostvlan-corpus.py unpack TARGET.corpus DIR   one file per input in DIR
  hostvlan-corpus.py pack NAME FILE             prints FILE as a hex line
"""

import os
import sys


def unescape(s):
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            n = s[i + 1]
            if n == 'x' and i + 3 < len(s):
                out.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            out += {'n': b'\n', 't': b'\t', '\\': b'\\'}.get(
                n, ('\\' + n).encode())
            i += 2
            continue
        out += c.encode()
        i += 1
    return bytes(out)


def parse(path):
    inputs = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            try:
                name, rest = line.split(' ', 1)
                form, data = rest.split(':', 1)
                if form == 'hex':
                    value = bytes.fromhex(data)
                elif form == 'text':
                    value = unescape(data)
                elif form == 'text0':
                    value = unescape(data) + b'\0'
                else:
                    raise ValueError('unknown form %s' % form)
            except ValueError as e:
                sys.exit('%s:%d: %s' % (path, lineno, e))
            inputs.append((name, value))
    names = [n for n, _ in inputs]
    if len(set(names)) != len(names):
        sys.exit('%s: an input name is used twice' % path)
    return inputs


def main():
    if len(sys.argv) == 4 and sys.argv[1] == 'unpack':
        os.makedirs(sys.argv[3], exist_ok=True)
        for name, value in parse(sys.argv[2]):
            with open(os.path.join(sys.argv[3], name), 'wb') as f:
                f.write(value)
    elif len(sys.argv) == 4 and sys.argv[1] == 'pack':
        with open(sys.argv[3], 'rb') as f:
            print('%s hex:%s' % (sys.argv[2], f.read().hex()))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
