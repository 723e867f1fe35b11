"""The answering commands: ask, deal, deals, sources, help.

Each is one ``async def`` registered with ``bot.registry.command``; its docstring is its help text and its
signature its parameters. What a command reads from the knowledge it reads in ``ctx.hold``, on a worker thread.
"""

from __future__ import annotations

from typing import Annotated

from bot import deal_views
from bot.answering.compose import answer
from bot.answering.deal_filters import read_filters
from bot.answering.deal_list import deal_list_reply, filtered_deals
from bot.answering.question import analyse
from bot.models import Field, Invocation, Reply
from bot.registry import COMMANDS, MAX_INPUT_CHARS, MAX_NAME_CHARS, Context, Param, command, run, usage_reply
from knowledge.knowledge_base import KnowledgeBase

MONEY_FIGURES = frozenset({"deal_value", "investment", "stake", "split", "plant_cost"})

# A deal or company name: a few words, no question.
NAME_ARGS = r"[^?]{1,80}"
OPTIONAL_NAME_ARGS = r"(?:[^?\s]+(?:\s+[^?\s]+){0,5})?"


Question = Annotated[
    str, Param("Your question, e.g. who is Ford talking to?", required=True, max_length=MAX_INPUT_CHARS)
]
DealName = Annotated[
    str, Param("The deal's parties, e.g. ford xiaomi", required=True, suggest="deal", max_length=MAX_NAME_CHARS)
]


@command("ask", "ask QUESTION")
async def ask(ctx: Context, question: Question) -> Reply:
    """Answer a question about EV deals from the stored articles, with sources."""
    if not question.strip():
        return usage_reply("Ask me a question, for example: `ask who is Ford talking to?`")
    bare = question.strip().strip("?!. ").lower()
    if bare != "ask" and bare in COMMANDS and COMMANDS[bare].grammar.fullmatch(""):
        return await run(ctx, Invocation(bare))  # `ask help` wants the help, not a sentence that says "help"
    about = list(ctx.request.about)
    return await ctx.hold(lambda kb: answer(question, kb, about))


@command("deal", "deal NAME", grammar=NAME_ARGS)
async def deal(ctx: Context, name: DealName) -> Reply:
    """Summarise one deal: parties, status, date, topics, figures, with the sentences they come from."""
    if not name.strip():
        return usage_reply("Name the deal, for example: `deal ford xiaomi`. `deals` lists them.")
    return await ctx.hold(lambda kb: _deal_reply(kb, name))


def _deal_reply(kb: KnowledgeBase, name: str) -> Reply:
    found = kb.find_deal(name)
    if not found:
        return Reply(
            title="No such deal",
            text=f"I don't know of a deal matching \u201c{name.strip()}\u201d. "
            "Try `deals` to see the deals I know about.",
            found=False,
            kind="deal",
        )
    chosen = found[0]
    view = deal_views.view(chosen)
    fields = [Field("Parties", ", ".join(view.parties)), Field("Kind", view.kind), Field("Status", view.status)]
    if view.date:
        fields.append(Field("Date", view.date))
    money = [deal_views.figure_text(f) for f in chosen.figures if f.kind in MONEY_FIGURES]
    if money:
        fields.append(Field("Money", "; ".join(money)))
    if view.topics:
        fields.append(Field("Topics", ", ".join(view.topics), inline=False))
    others = [deal_views.figure_text(f) for f in chosen.figures if f.kind not in MONEY_FIGURES]
    if others:
        fields.append(Field("Figures", "; ".join(others), inline=False))
    if len(chosen.events) > 1:
        fields.append(Field("Timeline", deal_views.timeline(chosen), inline=False))
    if len(found) > 1:
        fields.append(Field("Also matching", ", ".join(d.name for d in found[1:4]), inline=False))
    text = deal_views.sentence(chosen)
    return Reply(
        title=view.name,
        text=text,
        fields=tuple(fields),
        citations=tuple(deal_views.citations(kb, chosen, ("status", "date", "topics", "figures"), limit=4)),
        deals=(view,),
        kind="deal",
    )


@command("deals", "deals [FILTER]", grammar=OPTIONAL_NAME_ARGS)
async def deals(
    ctx: Context,
    filter: Annotated[
        str,
        Param(
            "A company, kind of company, status, kind or topic, e.g. Ford", suggest="company", max_length=MAX_NAME_CHARS
        ),
    ],
) -> Reply:
    """List the deals I know about, newest first; filter by company, kind of company, status, kind or topic."""
    return await ctx.hold(lambda kb: _deals_reply(kb, filter))


def _deals_reply(kb: KnowledgeBase, filter: str) -> Reply:
    if not filter.strip():
        if not kb.deals:
            return Reply(
                title="Deals",
                text="I don't know of any deals yet. Add articles with `evbot ingest`.",
                found=False,
                kind="deals",
            )
        return deal_list_reply(kb, kb.deals, title="Deals I know about")
    question = analyse(filter, kb)
    if question.missing and not question.companies:
        return Reply(
            title="Deals",
            text=f"I don't know of any deals involving {' and '.join(question.missing)}.",
            found=False,
            kind="deals",
        )
    filters = read_filters(filter, question.companies)
    if not filters:
        return Reply(
            title="Deals", text=f"I don't know of any deals involving {filter.strip()}.", found=False, kind="deals"
        )
    return filtered_deals(kb, filters)


@command("sources", "sources [DEAL]", grammar=OPTIONAL_NAME_ARGS)
async def sources(
    ctx: Context,
    deal: Annotated[
        str,
        Param(
            "A deal's parties, e.g. ford alibaba; without it, every article", suggest="deal", max_length=MAX_NAME_CHARS
        ),
    ],
) -> Reply:
    """List the articles behind a deal, or every stored article."""
    return await ctx.hold(lambda kb: _sources_reply(kb, deal))


def _sources_reply(kb: KnowledgeBase, deal: str) -> Reply:
    if deal.strip():
        found = kb.find_deal(deal)
        if not found:
            return Reply(
                title="No such deal",
                text=f"I don't know of a deal matching \u201c{deal.strip()}\u201d.",
                found=False,
                kind="sources",
            )
        chosen = found[0]
        articles = [a for a in (kb.article(k) for k in chosen.articles) if a]
        title = f"Sources for {chosen.name}"
        cites = deal_views.citations(kb, chosen, ("parties", "status", "date", "topics"), limit=len(articles) + 3)
    else:
        articles = list(reversed(kb.articles))
        title = "Articles I know"
        cites = [deal_views.cite(a, a.sentences[1] if len(a.sentences) > 1 else a.title) for a in articles[:10]]
    lines = [f"- {a.title}" + (f" ({a.published})" if a.published else "") for a in articles[:10]]
    if len(articles) > 10:
        lines.append(f"...and {len(articles) - 10} more.")
    return Reply(title=title, text="\n".join(lines), citations=tuple(cites), kind="sources")


@command("help", "help", grammar=r"\s*(?:[a-z]+)?\s*")
async def help_(ctx: Context) -> Reply:
    """Show what I can do."""
    lines = [f"`{c.usage}`: {c.help}" for c in COMMANDS.values()]
    lines.append("Or just ask a question, like \u201cwho is Ford talking to?\u201d or \u201calibaba ford?\u201d.")
    return Reply(title="evbot help", text="\n".join(lines), kind="help")
