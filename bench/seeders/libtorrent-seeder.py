"""One libtorrent seeder of the benchmark swarm: prints {"port": N} once it seeds, exits when stdin closes."""

import json
import sys
import threading
import time

import libtorrent as lt

options = json.loads(sys.argv[1])

session = lt.session(
    {
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        # The delay proxies carry TCP only.
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        # Every peer reaches it through a proxy on 127.0.0.1.
        "allow_multiple_connections_per_ip": True,
        # The cap is on payload, as the other kinds count it.
        "rate_limit_ip_overhead": False,
        "upload_rate_limit": int(options["uploadLimit"]),
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.storage_notification,
    }
)
# libtorrent 2 puts peers on local networks, loopback included, in an unlimited class: put every
# address in the global class, which carries upload_rate_limit.
every_address_global = lt.ip_filter()
every_address_global.add_rule("0.0.0.0", "255.255.255.255", 1 << lt.session.global_peer_class_id)
every_address_global.add_rule("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1 << lt.session.global_peer_class_id)
session.set_peer_class_filter(every_address_global)

params = lt.add_torrent_params()
params.ti = lt.torrent_info(options["torrentPath"])
params.save_path = options["dataDir"]
# upload_mode: a partial seeder serves what it has and never fetches the rest from the peers.
params.flags = (
    (params.flags | lt.torrent_flags.disable_pex | lt.torrent_flags.upload_mode)
    & ~lt.torrent_flags.auto_managed
    & ~lt.torrent_flags.paused
)
if not options["verify"]:
    params.flags |= lt.torrent_flags.seed_mode
handle = session.add_torrent(params)

checking = (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)
while handle.status().state in checking or not session.is_listening():
    time.sleep(0.05)
print(json.dumps({"port": session.listen_port()}), flush=True)


# Peers coming and going (the proxies cut them) are the swarm working, not errors worth a line.
REPORTED = (lt.torrent_error_alert, lt.file_error_alert, lt.listen_failed_alert)


def report_errors() -> None:
    while True:
        session.wait_for_alert(1000)
        for alert in session.pop_alerts():
            if isinstance(alert, REPORTED):
                sys.stderr.write(f"libtorrent seeder: {alert.message()}\n")


threading.Thread(target=report_errors, daemon=True).start()
sys.stdin.read()
