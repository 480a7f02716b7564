// A real, independent ActivityPub server for Our Society's interop tests. Everything federated (actors, keys, HTTP
// signatures, JSON-LD, delivery, inbox checks) is Fedify's own code; this file only wires it up, keeps state in memory
// and lets a test drive it through a small JSON control API under /control/. See README.md beside it.
//
//   node22 peer.mjs [--port 0] [--host 127.0.0.1] [--user alice]... [--manual-accept] [--exit-with-stdin] [--log-level warning]
//
// The first line on stdout is {"origin": "...", "actors": [...]} once it listens; nothing else goes to stdout.
// Fedify's log goes to stderr.
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import {
  createExponentialBackoffPolicy,
  createFederation,
  generateCryptoKeyPair,
  InProcessMessageQueue,
  MemoryKvStore,
  SendActivityError,
  signRequest,
} from "@fedify/fedify";
import {
  Accept, Activity, Create, Delete, Endpoints, Flag, Follow, isActor, Like, Mention, Note, Person,
  PUBLIC_COLLECTION, Reject, Tombstone, Undo,
} from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { configure, getTextFormatter } from "@logtape/logtape";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    user: { type: "string", multiple: true, default: ["alice"] },
    "manual-accept": { type: "boolean", default: false },
    "exit-with-stdin": { type: "boolean", default: false },
    "log-level": { type: "string", default: "warning" },
  },
});
const manualAccept = args["manual-accept"];

// stdout carries only the ready line (the test reads it and nothing more), so every log line goes to stderr.
const format = getTextFormatter();
await configure({
  contextLocalStorage: new AsyncLocalStorage(), // Fedify logs with per-request context
  sinks: { stderr: (record) => process.stderr.write(format(record)) },
  loggers: [
    { category: "fedify", lowestLevel: args["log-level"], sinks: ["stderr"] },
    { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["stderr"] },
  ],
});

// ---- state (memory only) --------------------------------------------------------------------------------------------
/** username -> { keys, followers: Map(actorId -> { actor, follow }), following: Map(actorId -> entry) } */
const users = new Map();
for (const name of args.user) {
  users.set(name, {
    // RSA for HTTP signatures (what Mastodon and our node verify), Ed25519 for object proofs (FEP-8b32).
    keys: [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"), await generateCryptoKeyPair("Ed25519")],
    followers: new Map(),
    following: new Map(),
  });
}
const received = []; // activities that passed Fedify's checks, in arrival order
const receivedById = new Map(); // activity id -> the parsed activity, for /control/accept and /control/reject
const unverified = []; // activities Fedify refused for a missing or bad signature
const failedDeliveries = []; // background deliveries (automatic Accepts) that failed
const own = new Map(); // id -> our own notes and activities, served at their ids
const noteAudience = new Map(); // note id -> actors it went to besides followers (a Delete goes to them too)

// ---- federation -------------------------------------------------------------------------------------------------------
const server = createServer();
await new Promise((resolve) => server.listen(Number(args.port), "127.0.0.1", resolve));
// It always listens on 127.0.0.1; --host only names it (e.g. peer.test, which the test routes to 127.0.0.1), so a server
// under test can apply rules that take a domain name and never an IP literal (domain blocks, allow lists).
const origin = `http://${args.host}:${server.address().port}`;

const federation = createFederation({
  kv: new MemoryKvStore(),
  origin,
  allowPrivateAddress: true, // everything is on loopback
  // Only the automatic Accept of an incoming Follow is queued: it must leave after the Follow's POST was answered (the
  // node stores the Follow first) and be retried if the node is not ready yet. Control calls send at once.
  queue: { outbox: new InProcessMessageQueue() },
  outboxRetryPolicy: createExponentialBackoffPolicy({
    maxAttempts: 5,
    initialDelay: { milliseconds: 500 },
    maxDelay: { seconds: 5 },
  }),
  circuitBreaker: false,
  onOutboxError: (error, activity) => failedDeliveries.push({ activity: activity?.id?.href ?? null, error: String(error) }),
});

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (!users.has(identifier)) return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: `Peer ${identifier}`,
      url: ctx.getActorUri(identifier),
      inbox: ctx.getInboxUri(identifier),
      outbox: ctx.getOutboxUri(identifier),
      followers: ctx.getFollowersUri(identifier),
      following: ctx.getFollowingUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      manuallyApprovesFollowers: manualAccept,
      publicKey: keys[0].cryptographicKey,
      assertionMethods: keys.map((k) => k.multikey),
    });
  })
  .setKeyPairsDispatcher((_ctx, identifier) => users.get(identifier)?.keys ?? []);

federation.setFollowersDispatcher("/users/{identifier}/followers", (_ctx, identifier) => {
  const user = users.get(identifier);
  return user && { items: [...user.followers.values()].map((f) => f.actor) };
});
federation.setFollowingDispatcher("/users/{identifier}/following", (_ctx, identifier) => {
  const user = users.get(identifier);
  return user && { items: [...user.following.values()].filter((f) => f.state === "accepted").map((f) => new URL(f.actor)) };
});
federation.setOutboxDispatcher("/users/{identifier}/outbox", (_ctx, identifier) => {
  if (!users.has(identifier)) return null;
  const mine = `${origin}/users/${identifier}/`;
  return { items: [...own.values()].filter((o) => o instanceof Activity && o.id.href.startsWith(mine)).reverse() };
});

// Each kind of object we make is served at /users/{identifier}/{kind}/{id}, so other servers can dereference it.
const kinds = [Note, Create, Delete, Follow, Undo, Accept, Reject, Like, Flag];
for (const kind of kinds) {
  federation.setObjectDispatcher(kind, `/users/{identifier}/${kind.name.toLowerCase()}/{id}`,
    (ctx, values) => own.get(ctx.getObjectUri(kind, values).href) ?? null);
}

federation.setNodeInfoDispatcher("/nodeinfo/2.1", () => ({
  software: { name: "oursociety-interop-peer", version: "1.0.0" },
  protocols: ["activitypub"],
  usage: { users: { total: users.size, activeMonth: users.size, activeHalfyear: users.size }, localPosts: 0, localComments: 0 },
}));

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Activity, onActivity)
  .onUnverifiedActivity((ctx, activity, reason) => {
    unverified.push({ id: activity.id?.href ?? null, reason: reason.type, activity: parseJson(ctx.data.body) });
  })
  // Key fetches for the shared inbox are signed as the first user, so a server in authorized-fetch mode answers them.
  .setSharedKeyDispatcher(() => ({ identifier: args.user[0] }));

/** Records a verified activity and keeps the follow state in step with it. */
async function onActivity(ctx, activity) {
  const raw = parseJson(ctx.data.body); // exactly as the sender posted it
  const record = {
    seq: received.length + 1,
    recipient: ctx.recipient,
    type: typeof raw?.type === "string" ? raw.type : activity.constructor.name,
    id: activity.id?.href ?? null,
    actor: activity.actorId?.href ?? null,
    object: activity.objectId?.href ?? null,
    activity: raw,
  };
  received.push(record);
  if (record.id) receivedById.set(record.id, activity);

  if (activity instanceof Follow) {
    const target = ctx.parseUri(activity.objectId);
    if (target?.type === "actor" && users.has(target.identifier) && !manualAccept) {
      // After this POST has been answered: the queue retries if the node has not stored the Follow yet.
      setTimeout(() => answerFollow(ctx, target.identifier, activity, Accept, false)
        .catch((e) => failedDeliveries.push({ activity: record.id, error: String(e) })), 10);
    }
  } else if (activity instanceof Undo) {
    for (const user of users.values()) {
      const follower = user.followers.get(record.actor);
      if (follower && (follower.follow === record.object || activity.objectId == null)) user.followers.delete(record.actor);
    }
  } else if (activity instanceof Accept || activity instanceof Reject) {
    for (const user of users.values()) {
      const entry = user.following.get(record.actor);
      if (entry && (entry.follow === record.object || entry.state === "pending")) {
        entry.state = activity instanceof Accept ? "accepted" : "rejected";
        entry.answer = record.id;
      }
    }
  }
}

// ---- sending -----------------------------------------------------------------------------------------------------------
class ControlError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const newId = (ctx, kind, me) => ctx.getObjectUri(kind, { identifier: me, id: randomUUID() });
const isPublic = (url) => ["Public", "as:Public", PUBLIC_COLLECTION.href].includes(String(url));

/** Fetches an actor by URL, signed as <me> (so authorized-fetch servers answer); 422 when it is not an actor. */
async function actorAt(ctx, me, url) {
  const documentLoader = await ctx.getDocumentLoader({ identifier: me });
  let actor = null;
  let why = "";
  try {
    actor = await ctx.lookupObject(url, { documentLoader });
  } catch (e) {
    why = `: ${e.message}`;
  }
  if (!isActor(actor)) throw new ControlError(422, `no actor at ${url}${why}`);
  return actor;
}

/** Keeps <activity> as ours and sends it to each actor once; answers the ids of the actors it went to. */
async function send(ctx, me, actors, activity, immediate = true) {
  const once = [...new Map(actors.map((a) => [a.id.href, a])).values()];
  own.set(activity.id.href, activity);
  if (once.length > 0) await ctx.sendActivity({ identifier: me }, once, activity, { immediate });
  return once.map((a) => a.id.href);
}

/** Accepts or rejects a Follow of <me>; the answer embeds the Follow as {id, type, actor, object}, as Mastodon does. */
async function answerFollow(ctx, me, follow, kind, immediate) {
  const follower = await actorAt(ctx, me, follow.actorId.href);
  const user = users.get(me);
  if (kind === Accept) user.followers.set(follower.id.href, { actor: follower, follow: follow.id?.href ?? null });
  else user.followers.delete(follower.id.href);
  const answer = new kind({
    id: newId(ctx, kind, me),
    actor: ctx.getActorUri(me),
    to: follower.id,
    object: new Follow({ id: follow.id, actor: follow.actorId, object: follow.objectId }),
  });
  await send(ctx, me, [follower], answer, immediate);
  return answer.id.href;
}

const followersOf = (me) => [...users.get(me).followers.values()].map((f) => f.actor);

// ---- control API ---------------------------------------------------------------------------------------------------------
// Each call: (ctx, input, me) where input is the JSON body (POST) or the query (GET) and me the local user named by
// input.as (default: the first user).
const control = {
  "POST follow": async (ctx, { actor }, me) => {
    const target = await actorAt(ctx, me, actor);
    const follow = new Follow({ id: newId(ctx, Follow, me), actor: ctx.getActorUri(me), object: target.id, to: target.id });
    users.get(me).following.set(target.id.href, { actor: target.id.href, state: "pending", follow: follow.id.href, answer: null });
    await send(ctx, me, [target], follow);
    return { id: follow.id.href };
  },

  "POST unfollow": async (ctx, { actor }, me) => {
    const target = await actorAt(ctx, me, actor);
    const entry = users.get(me).following.get(target.id.href);
    if (!entry) throw new ControlError(404, `${me} does not follow ${target.id.href}`);
    users.get(me).following.delete(target.id.href);
    // The Follow embedded whole, as Mastodon sends it.
    const undo = new Undo({ id: newId(ctx, Undo, me), actor: ctx.getActorUri(me), to: target.id, object: own.get(entry.follow) });
    await send(ctx, me, [target], undo);
    return { id: undo.id.href };
  },

  // {content, to?: [url], followers?: bool, mentions?: [actor url], inReplyTo?: url}
  "POST note": async (ctx, { content, to, followers = true, mentions = [], inReplyTo }, me) => {
    if (typeof content !== "string") throw new ControlError(400, "content (a string) is required");
    const followersUri = ctx.getFollowersUri(me);
    const mentioned = await Promise.all(mentions.map((m) => actorAt(ctx, me, m)));
    const tos = (to ?? [PUBLIC_COLLECTION.href]).map((u) => (isPublic(u) ? PUBLIC_COLLECTION : new URL(u)));
    const ccs = [...(followers ? [followersUri] : []), ...mentioned.map((a) => a.id)];
    const addressed = await Promise.all(tos.filter((u) => !isPublic(u) && !mentioned.some((a) => a.id.href === u.href))
      .map((u) => actorAt(ctx, me, u.href)));
    const published = Temporal.Now.instant();
    const note = new Note({
      id: newId(ctx, Note, me),
      attribution: ctx.getActorUri(me),
      content,
      tos,
      ccs,
      published,
      replyTarget: inReplyTo ? new URL(inReplyTo) : null,
      tags: mentioned.map((a) => new Mention({ href: a.id, name: `@${a.preferredUsername}@${a.id.host}` })),
    });
    own.set(note.id.href, note);
    noteAudience.set(note.id.href, [...addressed, ...mentioned]);
    const create = new Create({ id: newId(ctx, Create, me), actor: ctx.getActorUri(me), object: note, tos, ccs, published });
    const delivered = await send(ctx, me, [...addressed, ...mentioned, ...(followers ? followersOf(me) : [])], create);
    return { id: note.id.href, activity: create.id.href, delivered };
  },

  // {object}: one of this peer's notes; Delete(Tombstone) to everyone it went to and to the followers.
  "POST delete": async (ctx, { object }, me) => {
    if (!(own.get(object) instanceof Note)) throw new ControlError(404, `${object} is not a note of this peer`);
    own.delete(object);
    const del = new Delete({
      id: newId(ctx, Delete, me),
      actor: ctx.getActorUri(me),
      tos: [PUBLIC_COLLECTION],
      ccs: [ctx.getFollowersUri(me)],
      object: new Tombstone({ id: new URL(object) }),
    });
    const delivered = await send(ctx, me, [...noteAudience.get(object), ...followersOf(me)], del);
    return { id: del.id.href, delivered };
  },

  // {object}: any object's URL; the Like goes to its author (attributedTo).
  "POST like": async (ctx, { object }, me) => {
    if (!object) throw new ControlError(400, "object (a URL) is required");
    const documentLoader = await ctx.getDocumentLoader({ identifier: me });
    const liked = await ctx.lookupObject(object, { documentLoader });
    if (!liked?.attributionId) throw new ControlError(422, `${object} could not be fetched or has no attributedTo`);
    const author = await actorAt(ctx, me, liked.attributionId.href);
    const like = new Like({ id: newId(ctx, Like, me), actor: ctx.getActorUri(me), object: new URL(object), to: author.id });
    return { id: like.id.href, delivered: await send(ctx, me, [author], like) };
  },

  // {object: [url], content?}: a report, Mastodon-shaped (Flag, object: the reported account then its posts, content: the
  // comment, no addressing), sent to the inbox of the account named first, which must be an actor.
  "POST flag": async (ctx, { object, content = "" }, me) => {
    if (!Array.isArray(object) || object.length === 0 || typeof content !== "string") {
      throw new ControlError(400, "object (a list of URLs, the account first) is required; content is a string");
    }
    const account = await actorAt(ctx, me, object[0]);
    const flag = new Flag({ id: newId(ctx, Flag, me), actor: ctx.getActorUri(me), objects: object.map((o) => new URL(o)), content });
    return { id: flag.id.href, delivered: await send(ctx, me, [account], flag) };
  },

  // {activity}: the id of a received Follow (with --manual-accept they wait for this).
  "POST accept": (ctx, { activity }, me) => answerReceived(ctx, activity, me, Accept),
  "POST reject": (ctx, { activity }, me) => answerReceived(ctx, activity, me, Reject),

  // {url, spec?: "auto" | "rfc9421" | "cavage" | "none"}: a GET signed as <me>. "auto" knocks as Fedify does: RFC 9421
  // first, then draft-cavage when that was answered >= 400.
  "POST fetch": async (ctx, { url, spec = "auto" }, me) => {
    const specs = { auto: ["rfc9421", "cavage"], rfc9421: ["rfc9421"], cavage: ["cavage"], none: ["none"] }[spec];
    if (!url || !specs) throw new ControlError(400, "url is required; spec is auto, rfc9421, cavage or none");
    const [{ keyId, privateKey }] = await ctx.getActorKeyPairs(me);
    const attempts = [];
    let response;
    for (const s of specs) {
      let request = new Request(url, { headers: { Accept: "application/activity+json, application/ld+json" } });
      if (s !== "none") {
        request = await signRequest(request, privateKey, keyId, { spec: s === "cavage" ? "draft-cavage-http-signatures-12" : s });
      }
      response = await fetch(request, { redirect: "manual" });
      attempts.push({ spec: s, status: response.status });
      if (response.status < 400) break;
    }
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get("content-type"), attempts, body: parseJson(text) };
  },

  "GET followers": (_ctx, _q, me) => [...users.get(me).followers.keys()],
  "GET following": (_ctx, _q, me) => [...users.get(me).following.values()],

  // ?type=Create&actor=URL&wait=SECONDS&min=N: waits up to <wait> seconds for at least <min> (default 1) matches.
  "GET received": async (_ctx, { type, actor, wait = "0", min = "1" }) => {
    const matches = () => received.filter((r) => (!type || r.type === type) && (!actor || r.actor === actor));
    const until = Date.now() + 1000 * Number(wait);
    while (matches().length < Number(min) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    return matches();
  },

  // What went wrong on this side: activities refused for their signature, and failed background deliveries.
  "GET problems": () => ({ unverified, failedDeliveries }),
};

async function answerReceived(ctx, id, me, kind) {
  const activity = receivedById.get(id);
  if (!(activity instanceof Follow)) throw new ControlError(404, `no Follow ${id} was received`);
  const target = ctx.parseUri(activity.objectId);
  return { id: await answerFollow(ctx, target?.identifier ?? me, activity, kind, true) };
}

function parseJson(text) {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ---- HTTP: node's server in front of Fedify's fetch-style handler ----------------------------------------------------------
async function handle(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const url = new URL(req.url, `http://${req.headers.host ?? new URL(origin).host}`);

  if (url.pathname.startsWith("/control/")) {
    let status = 200;
    let result;
    try {
      const call = control[`${req.method} ${url.pathname.slice("/control/".length)}`];
      if (!call) throw new ControlError(404, `no control call ${req.method} ${url.pathname}`);
      const input = req.method === "POST" ? (body.length ? JSON.parse(body.toString("utf8")) : {}) : Object.fromEntries(url.searchParams);
      const me = input.as ?? args.user[0];
      if (!users.has(me)) throw new ControlError(400, `no local user ${me}`);
      result = await call(federation.createContext(new URL(origin), { body: null }), input, me);
    } catch (e) {
      status = e instanceof ControlError ? e.status : e instanceof SendActivityError ? 502 : e instanceof SyntaxError ? 400 : 500;
      result = { error: e.message ?? String(e), remoteStatus: e instanceof SendActivityError ? e.statusCode : undefined };
    }
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(result));
    return;
  }

  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(url, { method: req.method, headers, body: hasBody ? body : undefined });
  const response = await federation.fetch(request, { contextData: { body: hasBody ? body.toString("utf8") : null } });
  res.writeHead(response.status, [...response.headers].flat());
  res.end(Buffer.from(await response.arrayBuffer()));
}

server.on("request", (req, res) => {
  handle(req, res).catch((e) => {
    process.stderr.write(`peer: ${req.method} ${req.url} failed: ${e.stack ?? e}\n`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end(String(e));
  });
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
// The test host gives us a pipe: when it goes away (ended or crashed) so do we, leaving no orphan behind.
if (args["exit-with-stdin"]) process.stdin.on("close", () => process.exit(0)).resume();

process.stdout.write(`${JSON.stringify({ origin, actors: args.user.map((u) => `${origin}/users/${u}`) })}\n`);
