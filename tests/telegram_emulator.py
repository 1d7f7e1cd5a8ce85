"""A small emulated Telegram Bot API server for end-to-end tests, on 127.0.0.1 only.

It speaks the part of the Bot API that python-telegram-bot 22 uses for this bot: ``getMe``,
``getUpdates`` with long polling, ``sendMessage`` (``parse_mode``, ``reply_parameters``,
``reply_markup``, ``message_thread_id``), ``editMessageText``, ``editMessageReplyMarkup``,
``answerCallbackQuery``, ``answerInlineQuery``, ``setMyCommands``/``getMyCommands``,
``deleteWebhook``/``setWebhook``/``getWebhookInfo`` (with a webhook set, updates are
POSTed to it, secret token and all, as Telegram does), ``sendChatAction``, ``leaveChat``, ``close``
and ``logOut``.  Unknown methods get Telegram's 404.

Tests play the users: they enqueue updates (``user_says``, ``send_sticker``, ``press``,
``inline_query``...), and read what the bot did from the recorded calls and from the messages as
a user would see them (HTML parsed into plain ``text`` plus ``entities``, as Telegram does).  The
HTML check is stricter than Telegram's: a bare ``<``, ``>`` or ``&`` is an error, so anything the
bot failed to escape shows up as a 400.

Faults are pluggable: :attr:`TelegramEmulator.faults` is a list of rules, each a callable that
gets the :class:`ApiCall` before it is served and returns a :class:`Fault` (an error status and
body, a delay, a dropped connection) or None.  Nothing here knows about schedules; tests compose
rules.  A delay ends early when the emulator stops, so a "hanging" call is just a long delay.

For load tests it keeps cheap records: when each update was first handed to the bot
(:attr:`TelegramEmulator.delivered_at`), which update carried each user message
(:meth:`TelegramEmulator.update_id_of`) and every message the bot sent (:attr:`TelegramEmulator.sent`).
Stdlib only.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "ANONYMOUS_ADMIN",
    "ApiCall",
    "BadRequest",
    "Fault",
    "Sent",
    "TelegramEmulator",
    "parse_telegram_html",
    "utf16_len",
]

MAX_TEXT = 4096
#: Who group admins who post anonymously appear as (with ``sender_chat`` set to the group).
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
MAX_CALLBACK_DATA = 64
#: How far past the next update id a ``getUpdates`` offset may be and still confirm the updates
#: below it (tdlib's ``TQueue::get``: further is "Specified from_id is in the future").
FUTURE_OFFSET_SLACK = 10
#: Seconds a test waits by default for the bot to do something it does in well under a second:
#: a ceiling, reached only when the test fails or the machine stalls the bot (a wait ends as soon
#: as its condition holds, so the ceiling costs a passing test nothing).  On the shared 2-core
#: machine replies took up to 3.2 s (p95) with two CPU hogs beside five engineers' jobs (README,
#: ``bench/inbox.py slow``), so 5 s was too close; 15 s still tripped once in CI under load.
WAIT = 60.0
_JSON_PARAMS = {
    "reply_parameters", "reply_markup", "commands", "results", "button", "entities", "scope",
    "link_preview_options", "allowed_updates", "caption_entities", "media",
}
_INT_PARAMS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "message_thread_id", "cache_time",
    "user_id", "from_chat_id", "max_connections",
}
_BOOL_PARAMS = {
    "show_alert", "is_personal", "disable_notification", "protect_content", "drop_pending_updates",
    "disable_web_page_preview", "allow_sending_without_reply",
}


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class BadRequest(Exception):
    """A request Telegram would refuse: becomes ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.code = code


@dataclass
class Fault:
    """What a fault rule does to one call.

    ``delay`` seconds pass first; then ``drop`` closes the connection without an answer, or
    ``status`` (with ``body``, default a Telegram error object) answers instead of the method.
    ``retry_after`` fills in Telegram's 429 parameters.  A fault with only a delay is a slow call.
    """

    status: int | None = None
    body: dict[str, Any] | None = None
    delay: float = 0.0
    drop: bool = False
    retry_after: int | None = None


@dataclass(frozen=True)
class Sent:
    """One message the bot sent: where, in reply to which message, and when it arrived."""

    chat_id: int
    message_id: int
    reply_to: int | None
    at: float


@dataclass
class ApiCall:
    """One request the bot made: method (as sent), parsed parameters, and how it was answered."""

    method: str
    params: dict[str, Any]
    at: float
    status: int | None = None
    response: Any = None
    fault: Fault | None = None


FaultRule = Callable[[ApiCall], "Fault | None"]


# --- Telegram HTML -------------------------------------------------------------------------------

_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>""")
_ATTR = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")
_TAG_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


def parse_telegram_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities) like the Bot API, or raise :class:`BadRequest`."""
    out: list[str] = []
    pos = 0  # UTF-16 offset in the plain text
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "<":
            match = _TAG.match(source, i)
            if match is None:
                raise BadRequest(f"Bad Request: can't parse entities: unexpected '<' at offset {i}")
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in _TAG_TYPES:
                raise BadRequest(f"Bad Request: can't parse entities: unsupported start tag \"{name}\" at offset {i}")
            if closing:
                if not stack or stack[-1][0] != name:
                    raise BadRequest(f"Bad Request: can't parse entities: unmatched end tag \"{name}\" at offset {i}")
                _, start, attrs = stack.pop()
                if pos > start:
                    entities.append(_entity(name, start, pos - start, attrs))
            else:
                attrs = {k.lower(): html.unescape(v.strip("\"'")) for k, v in _ATTR.findall(match.group(3))}
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    raise BadRequest(f"Bad Request: can't parse entities: span without class tg-spoiler at {i}")
                stack.append((name, pos, attrs))
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(source, i)
            if match is None:
                raise BadRequest(f"Bad Request: can't parse entities: bare '&' at offset {i}")
            decoded = html.unescape(match.group(0))
            out.append(decoded)
            pos += utf16_len(decoded)
            i = match.end()
        elif char == ">":
            raise BadRequest(f"Bad Request: can't parse entities: bare '>' at offset {i}")
        else:
            out.append(char)
            pos += utf16_len(char)
            i += 1
    if stack:
        raise BadRequest(f"Bad Request: can't parse entities: can't find end tag corresponding to start tag \"{stack[-1][0]}\"")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _entity(name: str, offset: int, length: int, attrs: dict[str, str]) -> dict[str, Any]:
    kind = _TAG_TYPES[name]
    if name == "blockquote" and "expandable" in attrs:
        kind = "expandable_blockquote"
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        entity["url"] = attrs.get("href", "")
    if kind == "pre" and attrs.get("language"):
        entity["language"] = attrs["language"]
    return entity


def entity_text(message: dict[str, Any], entity: dict[str, Any]) -> str:
    """The part of a message's text an entity covers."""
    raw = message.get("text", "").encode("utf-16-le")
    return raw[2 * entity["offset"] : 2 * (entity["offset"] + entity["length"])].decode("utf-16-le")


# --- the server --------------------------------------------------------------------------------


class TelegramEmulator:
    """An emulated Bot API for one bot; start it, point the bot at :attr:`base_url`, play the users."""

    def __init__(self, token: str, username: str = "BriefTestBot", bot_id: int = 7_000_001) -> None:
        self.token = token
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "Briefbot", "username": username}
        self.faults: list[FaultRule] = []
        self.calls: list[ApiCall] = []
        self.commands: list[dict[str, str]] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_deliveries: list[tuple[int, bool]] = []  # (update id, accepted by the bot)
        self.delivered_at: dict[int, float] = {}  # update id -> when getUpdates first returned it
        self.sent: list[Sent] = []  # every message the bot sent, in the order they arrived
        self.left_chats: list[int] = []  # chats the bot left (leaveChat), in order
        self._update_of: dict[tuple[int, int], int] = {}  # (chat id, message id) -> update id
        self._stopped = threading.Event()
        self._pusher: threading.Thread | None = None
        self._cond = threading.Condition(threading.RLock())
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._next_update_id = 1
        self._confirmed = 0  # every update below this id was acknowledged by the bot
        self._messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._message_ids: dict[int, itertools.count] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._callbacks: dict[str, bool] = {}  # callback query id -> answered
        self._inline_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._admins: dict[int, set[int]] = {}  # chat id -> ids of its administrators
        self._users: dict[int, dict[str, Any]] = {}  # every user who sent something, by id
        self._files: dict[str, tuple[str, bytes]] = {}  # file id -> (file path, contents)
        self._stopping = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # life cycle

    def start(self) -> Self:
        """Listen on 127.0.0.1 on a free port, serving in a background thread."""
        emulator = self

        class Handler(_Handler):
            owner = emulator

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="telegram-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; pending long polls return at once."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._stopped.set()  # delayed ("hanging") calls end now
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the emulator first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """What PTB's ``base_url`` takes (TELEGRAM_API_BASE_URL): the token is appended."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # chats and users

    @staticmethod
    def user(user_id: int, first_name: str, username: str | None = None, is_bot: bool = False) -> dict[str, Any]:
        """A Telegram user object."""
        user = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
        if username:
            user["username"] = username
        return user

    def private_chat(self, user: dict[str, Any]) -> dict[str, Any]:
        """The private chat between ``user`` and the bot."""
        return self._register({"id": user["id"], "type": "private", "first_name": user["first_name"]})

    def group(self, chat_id: int, title: str, supergroup: bool = False, forum: bool = False) -> dict[str, Any]:
        """A group (or supergroup, optionally with forum topics) the bot is in."""
        chat = {"id": chat_id, "type": "supergroup" if supergroup or forum else "group", "title": title}
        if forum:
            chat["is_forum"] = True
        return self._register(chat)

    def make_admin(self, chat: dict[str, Any], user: dict[str, Any]) -> None:
        """Make ``user`` an administrator of the group ``chat`` (as getChatMember reports it)."""
        with self._cond:
            self._admins.setdefault(chat["id"], set()).add(user["id"])
            self._users.setdefault(user["id"], user)

    def _register(self, chat: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            self._chats.setdefault(chat["id"], chat)
            self._messages.setdefault(chat["id"], {})
            self._message_ids.setdefault(chat["id"], itertools.count(1))
            return self._chats[chat["id"]]

    # what users do

    def user_says(
        self,
        chat: dict[str, Any],
        user: dict[str, Any],
        text: str,
        reply_to: dict[str, Any] | None = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """A user sends a text message (commands and @mentions become entities, as in Telegram)."""
        message = self._new_message(chat, user, reply_to, thread_id)
        if user["id"] == ANONYMOUS_ADMIN["id"]:
            message["sender_chat"] = chat  # an anonymous admin speaks as the group itself
        message["text"] = text
        entities = _user_entities(text)
        if entities:
            message["entities"] = entities
        return self._deliver("message", message)

    def send_sticker(self, chat: dict[str, Any], user: dict[str, Any], emoji: str = "👍") -> dict[str, Any]:
        """A user sends a sticker."""
        message = self._new_message(chat, user)
        message["sticker"] = {
            "file_id": "CAACAgIAAxkBAAEBsticker", "file_unique_id": "AgADsticker", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": emoji,
        }
        return self._deliver("message", message)

    def send_photo(self, chat: dict[str, Any], user: dict[str, Any], caption: str | None = None) -> dict[str, Any]:
        """A user sends a photo."""
        message = self._new_message(chat, user)
        message["photo"] = [{"file_id": "AgACphoto", "file_unique_id": "AQADphoto", "width": 90, "height": 90}]
        if caption:
            message["caption"] = caption
        return self._deliver("message", message)

    def send_document(self, chat: dict[str, Any], user: dict[str, Any], file_name: str, data: bytes,
                      caption: str | None = None, mime_type: str = "text/plain") -> dict[str, Any]:
        """A user sends a file (a leading command in the caption becomes an entity, as in Telegram)."""
        with self._cond:
            number = len(self._files) + 1
            file_id = f"BQACdocument{number}"
            self._files[file_id] = (f"documents/file_{number}{file_name[file_name.rfind('.'):]}", data)
        message = self._new_message(chat, user)
        message["document"] = {"file_id": file_id, "file_unique_id": f"AgADdoc{number}", "file_name": file_name,
                               "mime_type": mime_type, "file_size": len(data)}
        if caption:
            message["caption"] = caption
            entities = _user_entities(caption)
            if entities:
                message["caption_entities"] = entities
        return self._deliver("message", message)

    def file_download(self, file_path: str) -> bytes | None:
        """The contents behind a ``getFile`` path, or None."""
        with self._cond:
            return next((data for path, data in self._files.values() if path == file_path), None)

    def edit_user_message(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """A user edits a message they sent earlier."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        if _user_entities(text):
            edited["entities"] = _user_entities(text)
        return self._deliver("edited_message", edited)

    def channel_post(self, chat_id: int, text: str) -> dict[str, Any]:
        """A post in a channel the bot is in."""
        chat = self._register({"id": chat_id, "type": "channel", "title": "A channel"})
        message = {"message_id": next(self._message_ids[chat_id]), "date": int(time.time()), "chat": chat,
                   "text": text}
        return self._deliver("channel_post", message)

    def press(self, message: dict[str, Any], user: dict[str, Any], data: str) -> str:
        """A user presses an inline keyboard button of a bot message; returns the callback query id."""
        query_id = f"cq{next(self._callback_ids)}"
        with self._cond:
            self._callbacks[query_id] = False
        query = {"id": query_id, "from": user, "message": message,
                 "chat_instance": str(message["chat"]["id"]), "data": data}
        self._enqueue({"callback_query": query})
        return query_id

    def inline_query(self, user: dict[str, Any], query: str, chat_type: str = "sender") -> str:
        """A user types ``@bot query`` in some chat; returns the inline query id."""
        query_id = f"iq{next(self._inline_ids)}"
        self._enqueue({"inline_query": {"id": query_id, "from": user, "query": query, "offset": "",
                                        "chat_type": chat_type}})
        return query_id

    def _new_message(
        self,
        chat: dict[str, Any],
        user: dict[str, Any],
        reply_to: dict[str, Any] | None = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        with self._cond:
            self._users.setdefault(user["id"], user)
            message: dict[str, Any] = {
                "message_id": next(self._message_ids[chat["id"]]), "from": user, "chat": chat,
                "date": int(time.time()),
            }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
        return message

    def add_bot_to(self, chat: dict[str, Any], by: dict[str, Any]) -> int:
        """Someone adds the bot to a group: a ``my_chat_member`` update; returns its update id."""
        now = int(time.time())
        left = {"user": self.bot_user, "status": "left"}
        member = {"user": self.bot_user, "status": "member"}
        return self._enqueue({"my_chat_member": {"chat": chat, "from": by, "date": now,
                                                 "old_chat_member": left, "new_chat_member": member}})

    def _deliver(self, kind: str, message: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            self._messages[message["chat"]["id"]][message["message_id"]] = message
            self._update_of[(message["chat"]["id"], message["message_id"])] = self._enqueue({kind: message})
        return message

    def update_id_of(self, message: dict[str, Any]) -> int:
        """The id of the update that carried a user's message."""
        with self._cond:
            return self._update_of[(message["chat"]["id"], message["message_id"])]

    def raw_update(self, update: dict[str, Any]) -> int:
        """Enqueue any update body, as a newer Bot API might send it (the id is added); returns its id."""
        return self._enqueue(update)

    def restart_numbering(self, first: int = 1) -> None:
        """Number new updates from ``first`` again, as a restarted self-hosted Bot API server does.

        That server starts with an empty queue (Telegram itself renumbers only after a week
        without updates), so the updates it held are gone.  How it then answers the bot's old,
        higher offset is :meth:`_poll_from`'s.
        """
        with self._cond:
            self._update_ids = itertools.count(first)
            self._next_update_id = first
            self._updates.clear()
            self._confirmed = 0

    def _enqueue(self, update: dict[str, Any]) -> int:
        with self._cond:
            update_id = next(self._update_ids)
            self._next_update_id = update_id + 1
            self._updates.append({"update_id": update_id, **update})
            self._cond.notify_all()
            return update_id

    # what the bot did

    def wait_for(self, predicate: Callable[[], Any], timeout: float = WAIT, what: str = "condition") -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every call the bot makes); return it."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = predicate()
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"timed out after {timeout:.1f}s waiting for {what}")
                self._cond.wait(min(left, 0.25))

    def calls_to(self, method: str) -> list[ApiCall]:
        """Every call to ``method`` (case-insensitive), oldest first."""
        with self._cond:
            return [c for c in self.calls if c.method.lower() == method.lower()]

    def wait_call(
        self,
        method: str,
        where: Callable[[dict[str, Any]], bool] = lambda p: True,
        timeout: float = WAIT,
        served: bool = True,
    ) -> ApiCall:
        """Wait for a call to ``method`` whose parameters satisfy ``where``.

        With ``served`` (the default) the call must also have been answered; a long poll is
        answered only when it ends, so wait for ``getUpdates`` with ``served=False``.
        """
        def found() -> ApiCall | None:
            return next((c for c in self.calls_to(method)
                         if (c.status is not None or not served) and where(c.params)), None)

        return self.wait_for(found, timeout, f"{method} call")

    def bot_messages(self, chat_id: int, after: int = 0) -> list[dict[str, Any]]:
        """What the bot has sent in a chat (as users see it), with message id above ``after``."""
        with self._cond:
            messages = self._messages.get(chat_id, {}).values()
            return [m for m in messages if m["from"]["id"] == self.bot_user["id"] and m["message_id"] > after]

    def replies_to(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """The bot's messages in the chat sent after ``message`` (a split reply has several)."""
        return self.bot_messages(message["chat"]["id"], after=message["message_id"])

    def wait_replies(self, message: dict[str, Any], count: int = 1, timeout: float = WAIT) -> list[dict[str, Any]]:
        """Wait until the bot has sent ``count`` messages after ``message`` in its chat; return them."""
        def enough() -> list[dict[str, Any]] | None:
            replies = self.replies_to(message)
            return replies if len(replies) >= count else None

        return self.wait_for(enough, timeout, f"{count} bot message(s) after message {message['message_id']}")

    def pending_updates(self) -> int:
        """Updates the bot has not acknowledged yet."""
        with self._cond:
            return sum(1 for u in self._updates if u["update_id"] >= self._confirmed)

    # serving

    def serve(self, method: str, params: dict[str, Any]) -> tuple[int, Any, ApiCall]:
        """Record and answer one call: (HTTP status, JSON body, the recorded call)."""
        call = ApiCall(method=method, params=params, at=time.time())
        with self._cond:
            self.calls.append(call)
        fault = next((f for rule in list(self.faults) if (f := rule(call)) is not None), None)
        if fault is not None:
            call.fault = fault
            if fault.delay:
                self._stopped.wait(fault.delay)
            if fault.drop:
                self._finish(call, 0, None)
                return 0, None, call
            if fault.status is not None:
                body = fault.body or _error_body(fault.status, fault.retry_after)
                self._finish(call, fault.status, body)
                return fault.status, body, call
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            status, body = 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        else:
            try:
                status, body = 200, {"ok": True, "result": handler(params)}
            except BadRequest as exc:
                status, body = exc.code, {"ok": False, "error_code": exc.code, "description": exc.description}
        self._finish(call, status, body)
        return status, body, call

    def _finish(self, call: ApiCall, status: int, body: Any) -> None:
        with self._cond:
            call.status, call.response = status, body
            self._cond.notify_all()

    # Bot API methods (lower-case names; Telegram's method names are case-insensitive)

    def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": True}

    def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise BadRequest("Conflict: can't use getUpdates method while webhook is active; "
                             "use deleteWebhook to delete the webhook first", code=409)
        offset = int(params.get("offset") or 0)
        limit = min(int(params.get("limit") or 100), 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._cond:
            while True:
                ready = self._poll_from(offset)[:limit]
                left = deadline - time.monotonic()
                if ready or left <= 0 or self._stopping:
                    now = time.time()
                    for update in ready:
                        self.delivered_at.setdefault(update["update_id"], now)
                    return ready
                self._cond.wait(left)

    def _poll_from(self, offset: int) -> list[dict[str, Any]]:
        """What ``getUpdates`` at ``offset`` returns, forgetting what it confirms, as Telegram's server does.

        tdlib's Bot API server (``Client::do_get_updates`` and ``TQueue::get``): an offset up to
        :data:`FUTURE_OFFSET_SLACK` past the next id to be issued confirms every update below it,
        and the updates from it on are returned; an offset further ahead is "in the future" (the
        numbering restarted lower), and the server answers from the oldest update it holds,
        confirming nothing.  A waiting long poll is answered by the same rule each time an update
        comes.  (An earlier version took any offset past the next id as confirming every update
        issued: the new, lower ones enqueued before the bot's next poll arrived were dropped.)
        """
        if 0 < offset <= self._next_update_id + FUTURE_OFFSET_SLACK:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        return self._pending()

    def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        text, entities = self._text(params)
        reply_to = self._replied(chat, params.get("reply_parameters"))
        markup = _check_markup(params.get("reply_markup"))
        with self._cond:
            message: dict[str, Any] = {
                "message_id": next(self._message_ids[chat["id"]]), "from": self.bot_user, "chat": chat,
                "date": int(time.time()), "text": text,
            }
            if entities:
                message["entities"] = entities
            if reply_to is not None:
                message["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
            if params.get("message_thread_id") is not None:
                message["message_thread_id"] = params["message_thread_id"]
                if chat.get("is_forum"):
                    message["is_topic_message"] = True
            if markup is not None:
                message["reply_markup"] = markup
            self._messages[chat["id"]][message["message_id"]] = message
            self.sent.append(Sent(chat["id"], message["message_id"],
                                  reply_to["message_id"] if reply_to is not None else None, time.time()))
            return message

    def _api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text, entities = self._text(params)
        markup = _check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._bot_message(params)
        with self._cond:
            message["text"], message["edit_date"] = text, int(time.time())
            message.pop("entities", None)
            if entities:
                message["entities"] = entities
            message.pop("reply_markup", None)
            if markup is not None:
                message["reply_markup"] = markup
            return message

    def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        markup = _check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._bot_message(params)
        with self._cond:
            message.pop("reply_markup", None)
            if markup is not None:
                message["reply_markup"] = markup
            return message

    def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        with self._cond:
            if self._callbacks.get(query_id, True):
                raise BadRequest("Bad Request: query is too old and response timeout expired or query ID is invalid")
            self._callbacks[query_id] = True
        if len(params.get("text") or "") > 200:
            raise BadRequest("Bad Request: MESSAGE_TOO_LONG")
        return True

    def _api_answerinlinequery(self, params: dict[str, Any]) -> bool:
        results = params.get("results") or []
        if len(results) > 50:
            raise BadRequest("Bad Request: RESULTS_TOO_MUCH")
        ids = [r.get("id", "") for r in results]
        if len(set(ids)) != len(ids) or any(not i or len(i.encode()) > 64 for i in ids):
            raise BadRequest("Bad Request: RESULT_ID_INVALID")
        for result in results:
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                self._text(content)
            if not result.get("title"):
                raise BadRequest("Bad Request: RESULT_TITLE_EMPTY")
        return True

    def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise BadRequest("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        with self._cond:
            self.commands = list(commands)
        return True

    def _api_getmycommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return list(self.commands)

    def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self.webhook_url = ""
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self.webhook_url = str(params.get("url", ""))
            self.webhook_secret = params.get("secret_token")
            if params.get("drop_pending_updates"):
                self._updates.clear()
            self._cond.notify_all()
        if self.webhook_url and (self._pusher is None or not self._pusher.is_alive()):
            self._pusher = threading.Thread(target=self._push_updates, name="telegram-webhook", daemon=True)
            self._pusher.start()
        return True

    def _push_updates(self) -> None:
        """Deliver updates to the webhook in order, like Telegram: each until the bot answers 2xx."""
        while True:
            with self._cond:
                while not self._stopping and self.webhook_url and not self._pending():
                    self._cond.wait(0.5)
                if self._stopping or not self.webhook_url:
                    return
                update, url, secret = self._pending()[0], self.webhook_url, self.webhook_secret
            request = urllib.request.Request(url, data=json.dumps(update).encode(), method="POST",
                                             headers={"Content-Type": "application/json"})
            if secret:
                request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
            try:
                with urllib.request.urlopen(request, timeout=WAIT) as response:
                    delivered = 200 <= response.status < 300
            except urllib.error.HTTPError as refused:
                refused.close()
                delivered = False
            except OSError:
                delivered = False
            with self._cond:
                self.webhook_deliveries.append((update["update_id"], delivered))
                if delivered:
                    self._confirmed = max(self._confirmed, update["update_id"] + 1)
                self._cond.notify_all()
            if not delivered:
                time.sleep(0.2)

    def _pending(self) -> list[dict[str, Any]]:
        return [u for u in self._updates if u["update_id"] >= self._confirmed]

    def _api_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": self.pending_updates()}

    def _api_sendchataction(self, params: dict[str, Any]) -> bool:
        self._chat(params)
        return True

    def _api_leavechat(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params)
        with self._cond:
            self.left_chats.append(chat["id"])
        return True

    def _api_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        user_id = int(params.get("user_id") or 0)
        with self._cond:
            user = self._users.get(user_id)
            admin = user_id in self._admins.get(chat["id"], set())
        if user is None:
            raise BadRequest("Bad Request: user not found")
        if chat["type"] == "private":
            return {"user": user, "status": "creator" if user_id == chat["id"] else "member", "is_anonymous": False}
        if not admin:
            return {"user": user, "status": "member"}
        rights = ("can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
                  "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
                  "can_edit_stories", "can_delete_stories", "can_pin_messages")
        return {"user": user, "status": "administrator", "can_be_edited": False, "is_anonymous": False,
                **{right: True for right in rights}}

    def _api_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id", ""))
        with self._cond:
            found = self._files.get(file_id)
        if found is None:
            raise BadRequest("Bad Request: invalid file_id")
        path, data = found
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data), "file_path": path}

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_logout(self, params: dict[str, Any]) -> bool:
        return True

    # checks Telegram makes

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            chat = self._chats.get(params.get("chat_id"))  # type: ignore[arg-type]
        if chat is None:
            raise BadRequest("Bad Request: chat not found")
        return chat

    def _bot_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        with self._cond:
            message = self._messages[chat["id"]].get(params.get("message_id"))  # type: ignore[arg-type]
        if message is None or message["from"]["id"] != self.bot_user["id"]:
            raise BadRequest("Bad Request: message to edit not found")
        return message

    def _replied(self, chat: dict[str, Any], reply: dict[str, Any] | None) -> dict[str, Any] | None:
        if not reply:
            return None
        with self._cond:
            message = self._messages[chat["id"]].get(reply.get("message_id"))  # type: ignore[arg-type]
        if message is None and not reply.get("allow_sending_without_reply"):
            raise BadRequest("Bad Request: message to be replied not found")
        return message

    @staticmethod
    def _text(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        source = params.get("text", params.get("message_text"))
        if not isinstance(source, str):
            raise BadRequest("Bad Request: message text is empty")
        mode = str(params.get("parse_mode") or "")
        if mode.upper() == "HTML":
            text, entities = parse_telegram_html(source)
        elif mode:
            raise BadRequest(f"Bad Request: unsupported parse_mode {mode!r} in this emulator")
        else:
            text, entities = source, list(params.get("entities") or [])
        if not text.strip():
            raise BadRequest("Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise BadRequest("Bad Request: message is too long")
        return text, entities


def _error_body(status: int, retry_after: int | None) -> dict[str, Any]:
    descriptions = {429: "Too Many Requests: retry after {}", 500: "Internal Server Error", 502: "Bad Gateway"}
    description = descriptions.get(status, f"Error {status}").format(retry_after)
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


def _check_markup(markup: Any) -> dict[str, Any] | None:
    if not markup:
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise BadRequest("Bad Request: BUTTON_TEXT_INVALID")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
    return markup


_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}\b")


def _user_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram's clients attach: a leading bot command and @mentions."""
    entities = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))})
    for mention in _MENTION.finditer(text):
        if command and mention.start() < command.end():
            continue
        entities.append({"type": "mention", "offset": utf16_len(text[: mention.start()]),
                         "length": utf16_len(mention.group(0))})
    return entities


def _parse_params(handler: BaseHTTPRequestHandler, body: bytes) -> dict[str, Any]:
    """Parameters from the query string and a form, multipart-free or JSON body."""
    raw: dict[str, Any] = dict(parse_qsl(urlsplit(handler.path).query))
    content_type = handler.headers.get("Content-Type", "")
    if body and "application/json" in content_type:
        raw.update(json.loads(body))
        return raw
    if body:
        raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in _JSON_PARAMS:
            value = json.loads(value)
        elif isinstance(value, str) and key in _INT_PARAMS and re.fullmatch(r"-?\d+", value):
            value = int(value)
        elif isinstance(value, str) and key in _BOOL_PARAMS:
            value = value.lower() == "true"
        params[key] = value
    return params


class _Handler(BaseHTTPRequestHandler):
    """Routes ``/bot<token>/<method>`` to the emulator."""

    owner: TelegramEmulator
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: don't wait 40 ms between them

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read the recorded calls instead

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        prefix = f"/bot{self.owner.token}/"
        file_path = unquote(path)  # clients percent-encode the path, the token's colon too
        if file_path.startswith(f"/file/bot{self.owner.token}/"):
            self._send_file(file_path[len(f"/file/bot{self.owner.token}/"):])
            return
        if not path.startswith(prefix):
            self._reply(401 if path.startswith("/bot") else 404,
                        {"ok": False, "error_code": 401 if path.startswith("/bot") else 404,
                         "description": "Unauthorized" if path.startswith("/bot") else "Not Found"})
            return
        try:
            params = _parse_params(self, body)
        except (ValueError, UnicodeDecodeError) as exc:
            self._reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"})
            return
        status, payload, _ = self.owner.serve(path[len(prefix):], params)
        if status == 0:  # a dropped connection: no answer at all
            self.close_connection = True
            self.connection.close()
            return
        self._reply(status, payload)

    def _send_file(self, file_path: str) -> None:
        data = self.owner.file_download(file_path)
        if data is None:
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _reply(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. a long poll it cancelled)

