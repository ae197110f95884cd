#!/usr/bin/env python3
"""What a program's further operations add to its binary, by function.

Usage: bloat-growth.py BEFORE.json AFTER.json OPERATIONS

BEFORE and AFTER are `cargo bloat -n 0 --message-format json` of the same program with and
without OPERATIONS more calls. Functions are grouped by name, with each operation's own module
and type names replaced by OP, so the copies every operation instantiates (a deserializer, a
drop, a visitor) add up in one line. Prints the .text growth per operation, then the groups
that grew, largest first, in bytes per operation and how many copies were added.
"""

import collections
import json
import re
import sys

# An operation's items: `alibabacloud_linkwan::v2019_03_01::get_node_group::Data`, and the
# client method `LinkwanClient::get_node_group`.
OPERATION_ITEM = re.compile(r"alibabacloud_[a-z0-9_]+::v\d+_\d+_\d+::[a-z0-9_]+::[A-Za-z0-9_]+")
CLIENT_METHOD = re.compile(r"(?<=[a-z])Client::[a-z0-9_]+")


def groups(path):
    with open(path, encoding="utf-8") as file:
        report = json.load(file)
    sizes = collections.defaultdict(list)
    for function in report["functions"]:
        name = OPERATION_ITEM.sub("OP", function["name"])
        name = CLIENT_METHOD.sub("Client::OP", name)
        sizes[name].append(function["size"])
    return sizes, report["text-section-size"]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    before, before_text = groups(sys.argv[1])
    after, after_text = groups(sys.argv[2])
    operations = int(sys.argv[3])
    print(f".text: {before_text} -> {after_text} bytes, "
          f"{(after_text - before_text) / operations:.0f} bytes per operation")
    grown = []
    for name in sorted(set(before) | set(after)):
        added = sum(after.get(name, [])) - sum(before.get(name, []))
        copies = len(after.get(name, [])) - len(before.get(name, []))
        if added > 0:
            grown.append((added, copies, name))
    grown.sort(key=lambda row: (-row[0], row[2]))
    for added, copies, name in grown[:25]:
        print(f"  {added / operations:7.0f}  {copies:+3d}  {name[:150]}")
    rest = sum(row[0] for row in grown[25:])
    print(f"  {rest / operations:7.0f}       the other {max(len(grown) - 25, 0)} groups")


if __name__ == "__main__":
    main()
