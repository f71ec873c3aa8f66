# Drives real stem against our ControlPortListener; prints one line per stem call that worked.
# Usage: stem_client.py PORT COOKIEFILE PASSWORD. Bounded by an alarm so a hang cannot stall tests.
import signal, sys, threading
signal.alarm(30)
import stem
import stem.connection
from stem.control import Controller, EventType

port, cookie_path, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]

with Controller.from_port(address="127.0.0.1", port=port) as controller:
    info = stem.connection.get_protocolinfo(controller)
    print("protocolinfo", ",".join(sorted(info.auth_methods)), info.cookie_path, flush=True)
with Controller.from_port(address="127.0.0.1", port=port) as controller:
    controller.authenticate()
    print("authenticate() ok", flush=True)
    print("version", controller.get_info("version"), flush=True)
    print("bootstrap", controller.get_info("status/bootstrap-phase"), flush=True)
    print("get_version", controller.get_version(), flush=True)
    box, got = [], threading.Event()
    def on_bandwidth(event):
        box.append((event.read, event.written))
        got.set()
    controller.add_event_listener(on_bandwidth, EventType.BW)
    print("subscribed", flush=True)
    if got.wait(10):
        print("event BW", box[0][0], box[0][1], flush=True)
with Controller.from_port(address="127.0.0.1", port=port) as controller:
    stem.connection.authenticate_cookie(controller, cookie_path)
    print("authenticate_cookie ok", controller.get_info("traffic/read"), flush=True)
with Controller.from_port(address="127.0.0.1", port=port) as controller:
    stem.connection.authenticate_safecookie(controller, cookie_path)
    print("authenticate_safecookie ok", flush=True)
with Controller.from_port(address="127.0.0.1", port=port) as controller:
    controller.authenticate(password=password)
    print("authenticate(password) ok", controller.get_conf("SocksPort"), flush=True)
with Controller.from_port(address="127.0.0.1", port=port) as controller:
    try:
        # authenticate() would fall back to the readable cookie; ask for the password method only.
        stem.connection.authenticate_password(controller, "wrong")
        print("wrong password accepted", flush=True)
    except stem.connection.AuthenticationFailure as error:
        print("wrong password refused", flush=True)
        # stem reconnects after a failed AUTHENTICATE (tor closes); the new socket is unauthenticated.
        print("after failure:", str(controller.msg("GETINFO version")), flush=True)
