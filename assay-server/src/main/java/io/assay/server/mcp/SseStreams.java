package io.assay.server.mcp;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server-sent event streams of the MCP sessions over HTTP, numbered and kept for a while so that a client that lost
 * one can resume it: a GET with the session's {@code Mcp-Session-Id} and {@code Last-Event-ID} gets the events of that
 * stream after that id, and then the rest of the stream as it comes (Streamable HTTP, "Resumability and Redelivery").
 *
 * <p>The SDK gives every event of a session the session's id (an event id must be unique across the session's streams)
 * and keeps no events (its replay answers nothing, and leaves the request hanging). Here each stream has a random id, and
 * its events are {@code <stream>-<n>}. The SDK writes to a stream through a {@link Writer}; that writer keeps the
 * stream's last events and sends each to whichever response carries the stream now. A client that goes away does not
 * end the stream: the SDK goes on writing (a tool's result included) into the log, and a resumed GET takes over.
 *
 * <p>Bounded: the last {@value #EVENTS_PER_STREAM} events and {@value #BYTES_PER_STREAM} bytes of a stream, the last
 * {@value #STREAMS_PER_SESSION} streams of a session (ended ones are forgotten first), nothing after the session is
 * deleted. Only the caller that owns a session may resume its streams.
 */
final class SseStreams {

    static final int EVENTS_PER_STREAM = 256;
    static final int BYTES_PER_STREAM = 1024 * 1024;
    static final int STREAMS_PER_SESSION = 16;
    private static final Pattern EVENT_ID = Pattern.compile("([0-9a-f\\-]{36})-(\\d{1,18})");

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private static final class Session {
        final String owner;
        final LinkedHashMap<String, Stream> streams = new LinkedHashMap<>();

        Session(String owner) {
            this.owner = owner;
        }

        synchronized void add(Stream s) {
            streams.put(s.id, s);
            while (streams.size() > STREAMS_PER_SESSION) {
                // The oldest that has ended, else the oldest (never locks a stream: a stream adds itself under its lock).
                Stream drop = streams.values().stream().filter(x -> x.ended).findFirst().orElseGet(() -> streams.values().iterator().next());
                streams.remove(drop.id);
            }
        }

        synchronized Stream get(String id) {
            return streams.get(id);
        }
    }

    /**
     * A new stream of the given session (null: a request outside a session, such as initialize, whose stream is not
     * kept) that writes to {@code sink} until a resumed request takes it over.
     */
    Stream open(String session, String owner, PrintWriter sink) {
        return new Stream(session, owner, sink);
    }

    /** The stream an event id names, when it is one of the owner's session's streams still kept, and the event's number. */
    Optional<Map.Entry<Stream, Long>> find(String session, String owner, String lastEventId) {
        Matcher m = EVENT_ID.matcher(lastEventId.trim());
        Session s = sessions.get(session);
        if (!m.matches() || s == null || !s.owner.equals(owner)) {
            return Optional.empty();
        }
        Stream stream = s.get(m.group(1));
        return stream == null ? Optional.empty() : Optional.of(Map.entry(stream, Long.parseLong(m.group(2))));
    }

    /** Forgets a session's streams (it was deleted). */
    void forget(String session) {
        sessions.remove(session);
        asked.remove(session);
    }

    /** The most requests to the client remembered per session while they wait for their answer. */
    static final int ASKED_PER_SESSION = 1024;
    /** The ids (as JSON text) of the requests this server sent each session's client and has no answer to yet. */
    private final Map<String, Set<String>> asked = new ConcurrentHashMap<>();

    /** Notes a request this server sent the client of {@code session} (an elicitation, a ping...), when the event is one. */
    private void noteRequest(String session, String event) {
        int data = event.indexOf("data:");
        if (session == null || data < 0) {
            return;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode m = JsonRpcCheck.JSON.readTree(event.substring(data + 5).trim());
            if (m != null && m.has("method") && m.has("id")) {
                Set<String> ids = asked.computeIfAbsent(session, k -> java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>()));
                synchronized (ids) {
                    ids.add(m.get("id").toString());
                    while (ids.size() > ASKED_PER_SESSION) {
                        ids.remove(ids.iterator().next());
                    }
                }
            }
        } catch (java.io.IOException e) {
            // not one JSON message: nothing asked
        }
    }

    /**
     * Whether the client of {@code session} answers a request this server sent it and still waits on (the answer is
     * then no longer awaited); false for a response to nothing, which the SDK would take for its own failure.
     */
    boolean answers(String session, com.fasterxml.jackson.databind.JsonNode id) {
        Set<String> ids = asked.get(session);
        return ids != null && id != null && ids.remove(id.toString());
    }

    /** One stream: its events as they are written, its last ones kept, and the response that carries it now. */
    final class Stream {

        private final String id = UUID.randomUUID().toString();
        private final String session;
        private final String owner;
        private final ArrayDeque<String[]> events = new ArrayDeque<>();
        private long bytes;
        private long count;
        private boolean kept;
        private volatile boolean ended;
        private PrintWriter sink;
        private Runnable release;

        private Stream(String session, String owner, PrintWriter sink) {
            this.session = session;
            this.owner = owner;
            this.sink = sink;
        }

        String id() {
            return id;
        }

        /** Numbers an event ({@code event: ...} and {@code data: ...} lines, the id line left out), keeps it, sends it on. */
        synchronized void event(String body) {
            String text = "id: " + id + "-" + (++count) + "\n" + body;
            noteRequest(session, body);
            if (session != null) {
                if (!kept) {
                    kept = true;
                    sessions.computeIfAbsent(session, k -> new Session(owner)).add(this);
                }
                events.addLast(new String[] {String.valueOf(count), text});
                bytes += text.length();
                while (events.size() > EVENTS_PER_STREAM || (bytes > BYTES_PER_STREAM && events.size() > 1)) {
                    bytes -= events.removeFirst()[1].length();
                }
            }
            send(text, true);
        }

        /** Text that is no event (a JSON answer), straight to the response. */
        synchronized void text(String s) {
            send(s, false);
        }

        synchronized void flush() {
            if (sink != null) {
                sink.flush();
            }
        }

        private void send(String text, boolean flush) {
            if (sink == null) {
                return;
            }
            sink.write(text);
            if (flush) {
                sink.flush();
            }
            if (sink.checkError()) {
                // The client went away: the stream goes on into the log, for a GET with Last-Event-ID to resume.
                sink = null;
            }
        }

        /** True when the SDK should hear of a client that went away: only for streams that cannot be resumed. */
        synchronized boolean failed() {
            return session == null && sink == null;
        }

        /** The SDK ended the stream (its response is complete): a resumed response ends with it. */
        synchronized void end() {
            ended = true;
            if (release != null) {
                release.run();
                release = null;
            }
        }

        /**
         * Resumes the stream on another response: sends the kept events after number {@code after}, then, unless the stream
         * has ended (then {@code complete} runs at once), every event to come, and runs {@code complete} when it ends.
         */
        synchronized void resume(long after, PrintWriter out, Runnable complete) {
            List<String> replay = new ArrayList<>();
            for (String[] e : events) {
                if (Long.parseLong(e[0]) > after) {
                    replay.add(e[1]);
                }
            }
            if (release != null) {
                // An earlier resumption hands over to this one.
                release.run();
            }
            sink = out;
            release = null;
            replay.forEach(t -> send(t, false));
            flush();
            if (ended) {
                complete.run();
            } else {
                release = complete;
            }
        }
    }

    /**
     * The writer the SDK writes one stream through. The SDK writes an event as {@code "id: ...\n"}, {@code "event: ...\n"},
     * {@code "data: ...\n\n"} and a flush; the id line is replaced by the stream's own, and the whole event goes to the
     * stream at the flush. A client that went away is no error the SDK sees while the stream can be resumed.
     */
    static final class EventWriter extends PrintWriter {

        private final Stream stream;
        private StringBuilder event;

        EventWriter(Stream stream) {
            super(Writer.nullWriter());
            this.stream = stream;
        }

        @Override
        public void write(String s) {
            if (event == null && s.startsWith("id: ") && s.indexOf('\n') == s.length() - 1) {
                event = new StringBuilder();
            } else if (event != null) {
                event.append(s);
            } else {
                stream.text(s);
            }
        }

        @Override
        public void write(String s, int off, int len) {
            write(s.substring(off, off + len));
        }

        @Override
        public void write(char[] buf, int off, int len) {
            write(new String(buf, off, len));
        }

        @Override
        public void write(int c) {
            write(String.valueOf((char) c));
        }

        @Override
        public void flush() {
            if (event != null) {
                String body = event.toString();
                event = null;
                stream.event(body);
            } else {
                stream.flush();
            }
        }

        @Override
        public boolean checkError() {
            return stream.failed();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
