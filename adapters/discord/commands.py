"""Discord's slash commands, drawn from the command registry (bot/registry.py), so that every command is one.

A command becomes a slash command, or a group of subcommands when it has actions (``/digest subscribe``,
``/feeds add``); each parameter becomes an option of its type (text, or a yes/no flag) with its description,
its choices, and autocomplete where the parameter suggests names (deals, companies, time zones). discord.py
reads options from a callback's signature, so each callback is given the signature its parameters declare.
Running one hands the core an ``Invocation`` with the options as given: nothing is turned back into text.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, cast

import discord
from discord import app_commands

from bot import registry
from bot.models import Invocation, Value

DESCRIPTION_MAX = 100  # Discord's limit on a command or option description

# Runs an invocation for an interaction and answers it (adapters/discord/app.py).
Answer = Callable[[discord.Interaction[Any], Invocation], Awaitable[None]]
# The names to offer for a parameter's ``suggest`` as the user types.
Suggest = Callable[[discord.Interaction[Any], str, str], Awaitable[list[app_commands.Choice[str]]]]


def short(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """``text`` within Discord's limit, cut at a word."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def slash_commands(answer: Answer, suggest: Suggest) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """One slash command per registry command, in the registry's order."""
    built: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    for command in registry.COMMANDS.values():
        if not command.actions:
            built.append(_slash(command.name, command.root, answer, suggest))
            continue
        group = app_commands.Group(name=command.name, description=short(command.help))
        for target in command.actions.values():
            group.add_command(_slash(command.name, target, answer, suggest))
        built.append(group)
    return built


def _annotation(param: registry.Param) -> Any:
    if param.is_flag:
        return bool
    text = cast(Any, app_commands.Range)[str, 1, param.max_length]
    return text if param.required else text | None


def _slash(
    name: str, target: registry.Action, answer: Answer, suggest: Suggest
) -> app_commands.Command[Any, ..., None]:
    async def run(interaction: discord.Interaction[Any], **options: Value | None) -> None:
        given = {key: value for key, value in options.items() if value is not None}
        await answer(interaction, Invocation(name, target.name, given))

    empty = inspect.Parameter.empty
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction),
            *(
                inspect.Parameter(
                    p.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=_annotation(p),
                    default=empty if p.required else (False if p.is_flag else None),
                )
                for p in target.params
            ),
        ]
    )
    if target.params:
        app_commands.describe(**{p.name: short(p.description) for p in target.params})(run)
    with_choices = {
        p.name: [app_commands.Choice(name=c, value=c) for c in p.choices] for p in target.params if p.choices
    }
    if with_choices:
        app_commands.choices(**with_choices)(run)
    slash: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=target.name or name, description=short(target.help), callback=run
    )
    for param in target.params:
        if param.suggest:
            slash.autocomplete(param.name)(_suggester(param.suggest, suggest))
    return slash


def _suggester(
    what: str, suggest: Suggest
) -> Callable[[discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def names(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        return await suggest(interaction, what, current)

    return names
