"""libtorrent 2 streaming a torrent's largest file over HTTP, as libtorrent-based streamers do.

The reader's position gets piece deadlines: a tight one for the piece it needs now and growing
ones over a readahead window that moves with it; everything else downloads rarest-first with the
bandwidth left over. Driven by libtorrent.mjs, one JSON object a line on stdin and stdout:
    in  {"cmd": "add", "magnet", "peers"}        out {"type": "url", "url"}
    in  {"cmd": "has", "id", "start", "end"}     out {"type": "has", "id", "value"}
    in  {"cmd": "verified", "id"}                out {"type": "verified", "id", "value"}
    out {"type": "ready"} once the session and the HTTP server are up.
It exits when its stdin closes, so it never outlives the Node side.
"""

import json
import os
import queue
import re
import select
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import libtorrent as lt

MiB = 2**20
READAHEAD_BYTES = 24 * MiB
# The piece the reader waits on is due now; each piece after it this much later, so the window
# arrives in order and libtorrent's time-critical picker works on the nearest pieces first.
NOW_DEADLINE_MS = 0
DEADLINE_STEP_MS_PER_MIB = 250
DEFAULT_PRIORITY = 4
POLL_SECONDS = 0.1
READ_RETRY_SECONDS = 5

SETTINGS = {
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': False,
    'enable_lsd': False,
    'enable_upnp': False,
    'enable_natpmp': False,
    'enable_outgoing_utp': False,
    'enable_incoming_utp': False,
    'allow_multiple_connections_per_ip': True,
    'alert_mask': lt.alert.category_t.status_notification
    | lt.alert.category_t.storage_notification
    | lt.alert.category_t.error_notification
    | lt.alert.category_t.piece_progress_notification,
    # read_piece_alerts carry the stream's bytes: none may be dropped.
    'alert_queue_size': 100_000,
    # Streaming settings as Elementum and torrent2http set them: short request queues, so a seek's
    # requests are not stuck behind seconds of queued ones; no end game until every block is
    # requested (the deadline logic re-requests late blocks itself); connect to all peers at once.
    'request_queue_time': 1,
    'strict_end_game_mode': True,
    'whole_pieces_threshold': 10,
    'smooth_connects': False,
    'connection_speed': 100,
    # A peer that refused us is tried again soon, not after a minute: it may have just joined.
    'min_reconnect_time': 2,
    'max_failcount': 20,
    # Connections are opened and time-critical pieces requested on the session's tick: every
    # 100 ms rather than 500, so a new position's first requests go out sooner.
    'tick_interval': 100,
}


def send(message, lock=threading.Lock()):
    with lock:
        sys.stdout.write(json.dumps(message) + '\n')
        sys.stdout.flush()


class Film:
    """The largest file of the torrent: where it lies among the pieces."""

    def __init__(self, info):
        files = info.files()
        self.index = max(range(files.num_files()), key=files.file_size)
        self.offset = files.file_offset(self.index)
        self.size = files.file_size(self.index)
        self.name = os.path.basename(files.file_path(self.index))
        self.piece_length = info.piece_length()
        self.file_count = files.num_files()

    def piece_at(self, position):
        return (self.offset + position) // self.piece_length

    def pieces_of(self, start, end):
        return range(self.piece_at(start), self.piece_at(end) + 1)


class Engine:
    """The one session and its torrent; the alert thread hands out pieces as they arrive."""

    def __init__(self, download_dir):
        self.session = lt.session(SETTINGS)
        self.download_dir = download_dir
        self.handle = None
        self.film = None
        self.startup = None
        self.on_film = None
        self.have = set()
        self.arrived = threading.Condition()
        self.reads = {}
        self.reads_lock = threading.Lock()
        self.claims = {}
        self.claims_lock = threading.Lock()
        threading.Thread(target=self.alert_loop, daemon=True).start()

    def add(self, magnet, peers, on_film):
        self.on_film = on_film
        params = lt.parse_magnet_uri(magnet)
        params.save_path = self.download_dir
        # Started at once, not when the session's queue next looks at it (up to a second later).
        params.flags &= ~(lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
        self.handle = self.session.add_torrent(params)
        for peer in peers:
            host, port = peer.rsplit(':', 1)
            self.handle.connect_peer((host, int(port)))

    def alert_loop(self):
        while True:
            self.session.wait_for_alert(500)
            for alert in self.session.pop_alerts():
                if isinstance(alert, lt.metadata_received_alert):
                    self.metadata_received()
                elif isinstance(alert, lt.piece_finished_alert):
                    with self.arrived:
                        self.have.add(int(alert.piece_index))
                        self.arrived.notify_all()
                elif isinstance(alert, lt.read_piece_alert):
                    self.piece_read(alert)

    def metadata_received(self):
        film = Film(self.handle.torrent_file())
        if film.file_count > 1:
            priorities = [0] * film.file_count
            priorities[film.index] = DEFAULT_PRIORITY
            self.handle.prioritize_files(priorities)
        self.film = film
        # The player asks for the start next: its deadlines are set before any other pick.
        self.startup = Readahead(self, film.piece_at(film.size - 1))
        self.startup.follow(film.piece_at(0))
        self.on_film(film)

    def end_startup(self):
        startup, self.startup = self.startup, None
        if startup:
            startup.stop()

    def piece_read(self, alert):
        with self.reads_lock:
            waiters = self.reads.pop(int(alert.piece), [])
        data = None if alert.error.value() else alert.buffer
        for waiter in waiters:
            waiter.put(data)

    def wait_for_piece(self, piece, gone):
        """True once `piece` is verified; False if the reader went away first."""
        with self.arrived:
            while piece not in self.have:
                if gone():
                    return False
                self.arrived.wait(POLL_SECONDS)
        return True

    def read_piece(self, piece, gone):
        """The piece's bytes, read back by libtorrent; None if the reader went away first."""
        while not gone():
            waiter = queue.Queue()
            with self.reads_lock:
                first = piece not in self.reads
                self.reads.setdefault(piece, []).append(waiter)
            if first:
                self.handle.read_piece(piece)
            waited = 0.0
            while waited < READ_RETRY_SECONDS and not gone():
                try:
                    data = waiter.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    waited += POLL_SECONDS
                    continue
                if data is not None:
                    return data
                break
            with self.reads_lock:
                if waiter in self.reads.get(piece, []):
                    self.reads[piece].remove(waiter)
        return None

    def claim(self, pieces):
        """Marks pieces as wanted by one more reader."""
        with self.claims_lock:
            for piece in pieces:
                self.claims[piece] = self.claims.get(piece, 0) + 1

    def release(self, pieces):
        """One reader no longer wants these; those nobody wants lose their deadline."""
        with self.claims_lock:
            unwanted = []
            for piece in pieces:
                self.claims[piece] -= 1
                if self.claims[piece] == 0:
                    del self.claims[piece]
                    unwanted.append(piece)
        for piece in unwanted:
            if piece in self.have:
                continue
            self.handle.reset_piece_deadline(piece)
            # A deadline raised the piece to top priority; it goes back among the others.
            self.handle.piece_priority(piece, DEFAULT_PRIORITY)

    def has(self, start, end):
        return all(self.handle.have_piece(p) for p in self.film.pieces_of(start, end))

    def verified(self):
        """Bytes of the film in pieces downloaded and checked."""
        if self.film is None:
            return 0
        film = self.film
        length = film.piece_length
        return sum(
            min(film.offset + film.size, (p + 1) * length) - max(film.offset, p * length)
            for p in film.pieces_of(0, film.size - 1)
            if self.handle.have_piece(p)
        )


class Readahead:
    """One reader's deadlines: the piece it needs now and a window after it, to its range's end."""

    def __init__(self, engine, last_piece):
        self.engine = engine
        self.last_piece = last_piece
        self.pieces = set()

    def follow(self, piece):
        film = self.engine.film
        window = max(1, READAHEAD_BYTES // film.piece_length)
        wanted = range(piece, min(piece + window, self.last_piece + 1))
        step_ms = DEADLINE_STEP_MS_PER_MIB * film.piece_length / MiB
        handle = self.engine.handle
        for distance, p in enumerate(wanted):
            if p not in self.engine.have:
                handle.set_piece_deadline(p, int(NOW_DEADLINE_MS + distance * step_ms))
                # A deadline makes a piece top priority, and the ordinary picker takes pieces of
                # one priority in random order: graded priorities keep it near the reader too.
                handle.piece_priority(p, priority_at(distance))
        self.engine.claim(set(wanted) - self.pieces)
        self.engine.release(self.pieces - set(wanted))
        self.pieces = set(wanted)

    def stop(self):
        self.engine.release(self.pieces)
        self.pieces = set()


def priority_at(distance):
    return 7 if distance < 2 else 6 if distance < 6 else 5


RANGE = re.compile(r'bytes=(\d*)-(\d*)$')


def handler_for(engine):
    class StreamHandler(BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.answer(send_body=False)

        def do_GET(self):
            self.answer(send_body=True)

        def answer(self, send_body):
            film = engine.film
            if film is None or self.path != film_path(film):
                self.send_error(404)
                return
            span = self.requested_span(film.size)
            if span is None:
                self.send_response(416)
                self.send_header('Content-Range', f'bytes */{film.size}')
                self.end_headers()
                return
            start, end = span
            self.send_response(206 if 'Range' in self.headers else 200)
            self.send_header('Accept-Ranges', 'bytes')
            self.send_header('Content-Type', 'video/x-matroska')
            self.send_header('Content-Range', f'bytes {start}-{end}/{film.size}')
            self.send_header('Content-Length', str(end - start + 1))
            self.end_headers()
            if send_body:
                self.stream(film, start, end)

        def requested_span(self, size):
            header = self.headers.get('Range')
            if header is None:
                return (0, size - 1)
            match = RANGE.match(header.strip())
            if not match or match.groups() == ('', ''):
                return None
            first, last = match.groups()
            if first == '':
                start, end = max(0, size - int(last)), size - 1
            else:
                start, end = int(first), min(int(last), size - 1) if last else size - 1
            return (start, end) if start <= end else None

        def stream(self, film, start, end):
            readahead = Readahead(engine, film.piece_at(end))
            try:
                position = start
                while position <= end:
                    piece = film.piece_at(position)
                    readahead.follow(piece)
                    engine.end_startup()
                    if not engine.wait_for_piece(piece, self.client_gone):
                        return
                    data = engine.read_piece(piece, self.client_gone)
                    if data is None:
                        return
                    piece_start = piece * film.piece_length
                    begin = film.offset + position - piece_start
                    stop = min(len(data), film.offset + end + 1 - piece_start)
                    self.wfile.write(memoryview(data)[begin:stop])
                    position += stop - begin
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                readahead.stop()

        def client_gone(self):
            """True once the client closed its end (a reader waiting on a piece sends nothing)."""
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            try:
                return self.connection.recv(1, socket.MSG_PEEK) == b''
            except OSError:
                return True

        def log_message(self, format, *args):
            pass

    return StreamHandler


def film_path(film):
    return f'/{film.index}/film'


def main():
    options = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    engine = Engine(options.get('downloadDir', '.'))
    server = ThreadingHTTPServer(('127.0.0.1', 0), handler_for(engine))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def report_url(film):
        send({'type': 'url', 'url': f'http://127.0.0.1:{port}{film_path(film)}'})

    send({'type': 'ready'})
    for line in sys.stdin:
        message = json.loads(line)
        if message['cmd'] == 'add':
            engine.add(message['magnet'], message['peers'], report_url)
        elif message['cmd'] == 'has':
            value = engine.has(message['start'], message['end'])
            send({'type': 'has', 'id': message['id'], 'value': value})
        elif message['cmd'] == 'verified':
            send({'type': 'verified', 'id': message['id'], 'value': engine.verified()})
    # Stdin closed: the Node side is gone. No orderly session teardown, nothing to keep.
    os._exit(0)


if __name__ == '__main__':
    main()
