"""How `evbot --help` reads: the words of the README, not Python's types."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand

EXIT_STATUS = (
    "Exit status: 0 answered; 1 failed (nothing could be ingested, every feed failed, an unexpected "
    "error); 2 usage (a wrong option or argument, or a setting or store to fix first); 130 interrupted (Ctrl-C)."
)


class HelpCommand(TyperCommand):
    """A command whose help shows an argument by its metavar (QUESTION..., [FILTER...]): typer would add
    its Python type (``<list[str]>``) and braces."""

    def _arguments(self, ctx: Any) -> list[Any]:
        return [p for p in self.get_params(ctx) if p.param_type_name == "argument"]

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [self.options_metavar or "", *(p.metavar or p.name.upper() for p in self._arguments(ctx))]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments = [(p.metavar or p.name.upper(), p.help) for p in self._arguments(ctx) if p.help]
        options = [p.get_help_record(ctx) for p in self.get_params(ctx) if p.param_type_name == "option"]
        for title, rows in (("Arguments", arguments), ("Options", [r for r in options if r])):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
