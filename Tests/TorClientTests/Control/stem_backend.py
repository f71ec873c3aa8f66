# Drives real stem against ClientControlBackend over a fake client; prints what stem parsed.
# Usage: stem_backend.py PORT. Bounded by an alarm so a hang cannot stall tests.
import signal, sys, threading
signal.alarm(30)
from stem.control import Controller, EventType

port = int(sys.argv[1])
with Controller.from_port(address="127.0.0.1", port=port) as controller:
    controller.authenticate()
    for circ in controller.get_circuits():
        print("circuit", circ.id, circ.status, ",".join(fp + "~" + str(nick) for fp, nick in circ.path),
              ",".join(circ.build_flags), circ.purpose, circ.created.isoformat(), flush=True)
    for stream in controller.get_streams():
        print("stream", stream.id, stream.status, stream.circ_id, stream.target_address, stream.target_port, flush=True)
    print("bootstrap", controller.get_info("status/bootstrap-phase"), flush=True)
    print("listeners", controller.get_listeners("SOCKS"), flush=True)
    print("conf", controller.get_conf("MaxCircuitDirtiness"), flush=True)
    controller.set_conf("MaxCircuitDirtiness", "120")
    print("conf after set", controller.get_conf("MaxCircuitDirtiness"), flush=True)
    controller.signal("NEWNYM")
    print("newnym ok", flush=True)
    got = []
    done = threading.Event()
    def on_event(event):
        got.append(event)
        if len(got) >= 4:
            done.set()
    controller.add_event_listener(on_event, EventType.CIRC, EventType.STREAM, EventType.BW, EventType.STATUS_CLIENT)
    print("subscribed", flush=True)
    done.wait(15)
    for event in got:
        if event.type == "CIRC":
            print("event CIRC", event.id, event.status, len(event.path), event.reason, flush=True)
        elif event.type == "STREAM":
            print("event STREAM", event.id, event.status, event.circ_id, event.target, event.reason, flush=True)
        elif event.type == "BW":
            print("event BW", event.read, event.written, flush=True)
        elif event.type == "STATUS_CLIENT":
            print("event STATUS_CLIENT", event.action, event.arguments.get("PROGRESS"), event.arguments.get("TAG"), flush=True)
