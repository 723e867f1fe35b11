"""Who may do what, and whose subscriptions they see: roles are scoped, so managing one channel grants
nothing in another workspace or server, and only evbot admins see or change what every workspace shares.

The core is driven with the requests the adapters build (platform, channel, workspace, roles); the same
rules through the real Slack and Discord clients are in the end-to-end tests below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands import COMMANDS
from bot.core import EvBot
from bot.models import Reply, Request, Role
from knowledge.knowledge_base import KnowledgeBase

MANAGER = frozenset({Role.CHANNEL_MANAGER})
ADMIN = frozenset({Role.ADMIN})


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no developer .env
    for name in ("EVBOT_TZ", "EVBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)


def say(bot: EvBot, text: str, platform: str, workspace: str, channel: str, roles: frozenset[Role] = MANAGER,
        **more: object) -> Reply:
    return bot.handle(Request(text=text, platform=platform, workspace=workspace, channel=channel, user="U1",
                              roles=roles, **more))


def listed(reply: Reply) -> set[str]:
    """The channels a `digest list all` reply names ("slack C1: daily at ...")."""
    return {line.split(":")[0] for line in reply.text.splitlines()} if reply.found else set()


def test_each_command_declares_the_role_its_actions_need() -> None:
    declared = {(name, action): role for name, c in COMMANDS.items() for action, role in c.needs.items()}
    assert declared == {("digest", "subscribe"): Role.CHANNEL_MANAGER, ("digest", "unsubscribe"): Role.CHANNEL_MANAGER,
                        ("digest", "now mark"): Role.CHANNEL_MANAGER, ("digest", "list all"): Role.CHANNEL_MANAGER,
                        ("feeds", "add"): Role.ADMIN, ("feeds", "remove"): Role.ADMIN, ("feeds", "poll"): Role.ADMIN}


def test_digest_list_all_shows_a_channel_manager_only_their_own_workspace(bot: EvBot) -> None:
    for platform, workspace, channel in (("slack", "T1", "C1"), ("slack", "T2", "C2"), ("discord", "G1", "11"),
                                         ("discord", "G2", "22")):
        assert say(bot, "digest subscribe daily 09:00", platform, workspace, channel).text.startswith("Subscribed")
    assert listed(say(bot, "digest list all", "slack", "T1", "C1")) == {"slack C1"}
    assert listed(say(bot, "digest list all", "discord", "G1", "11")) == {"discord 11"}
    assert listed(say(bot, "digest list all", "discord", "G2", "33")) == {"discord 22"}  # another channel there
    # A server whose id happens to be a Slack team's is still another platform's.
    assert say(bot, "digest list all", "discord", "T1", "44").text == "No channel you manage has a digest subscription."
    everything = {"slack C1", "slack C2", "discord 11", "discord 22"}
    assert listed(say(bot, "digest list all", "discord", "G1", "11", roles=ADMIN)) == everything
    assert listed(say(bot, "digest list all", "terminal", "", "terminal", roles=ADMIN)) == everything


def test_in_a_direct_message_everyone_manages_their_own_digest_and_sees_no_other(bot: EvBot) -> None:
    say(bot, "digest subscribe daily 09:00", "slack", "T1", "C1")
    dm = {"platform": "slack", "workspace": "T1", "roles": frozenset(), "is_dm": True}
    assert say(bot, "digest subscribe daily 18:00", channel="D42", **dm).text.startswith("Subscribed")
    assert say(bot, "digest now mark", channel="D42", **dm).kind != "refused"
    assert listed(say(bot, "digest list all", channel="D42", **dm)) == {"slack D42"}
    assert say(bot, "feeds add https://example.com/feed.xml", channel="D42", **dm).kind == "refused"
    assert say(bot, "digest unsubscribe", channel="D42", **dm).text.startswith("Unsubscribed")


def test_a_subscription_stored_before_workspaces_keeps_working_and_learns_its_workspace(bot: EvBot) -> None:
    say(bot, "digest subscribe daily 09:00", "slack", "T1", "C1")
    say(bot, "digest subscribe weekly mon 08:00", "slack", "T1", "C9")

    def as_stored_before(kb: KnowledgeBase) -> None:  # as stored before subscriptions named their workspace
        old = kb.store.get("subscriptions", "slack:C9")
        del old["workspace"]
        kb.store.put("subscriptions", old)
    bot.with_kb(as_stored_before)

    assert listed(say(bot, "digest list all", "slack", "T1", "C1")) == {"slack C1"}  # not shown to the workspace...
    assert listed(say(bot, "digest list all", "slack", "", "terminal", roles=ADMIN)) == {"slack C1", "slack C9"}
    assert listed(say(bot, "digest list all", "slack", "T1", "C9")) == {"slack C1", "slack C9"}  # ...but in its channel
    assert "weekly on Monday at 08:00" in say(bot, "digest list", "slack", "T1", "C9", roles=frozenset()).text
    assert say(bot, "digest subscribe weekly mon 08:00", "slack", "T1", "C9").text.startswith("Changed")
    assert bot.with_kb(lambda kb: kb.store.get("subscriptions", "slack:C9"))["workspace"] == "T1"
    assert listed(say(bot, "digest list all", "slack", "T1", "C1")) == {"slack C1", "slack C9"}


def test_only_evbot_admins_change_the_feeds_every_workspace_reads(bot: EvBot) -> None:
    url = "https://example.com/feed.xml"
    for roles in (frozenset(), MANAGER):
        refused = say(bot, f"feeds add {url}", "discord", "G1", "11", roles=roles)
        assert refused.kind == "refused" and refused.text.startswith("`feeds add` needs an evbot admin")
    assert say(bot, f"feeds add {url}", "discord", "G1", "11", roles=ADMIN).text.startswith(f"Added {url}.")
    assert url in say(bot, "feeds list", "slack", "T2", "C2", roles=frozenset()).text  # anyone may look
    assert say(bot, f"/feeds rm {url}", "slack", "T2", "C2").kind == "refused"
