#!/usr/bin/python3
"""A mediavigil client built from the .proto alone: it loads a descriptor set (compiled by protoc,
or fetched by server reflection; no generated code, no mediavigil package) and calls GetStatus, ListFiles (every page) and
WatchEvents over the daemon's unix socket. Prints what it saw as one JSON object.

Usage: client.py DESCRIPTOR_SET SOCKET_PATH PAGE_SIZE AFTER_SEQUENCE
"""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

SERVICE = "mediavigil.v1.MediaVigil"
TIMEOUT_SECONDS = 10


def message_classes(descriptor_set_path):
    files = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set_path, "rb") as handle:
        files.ParseFromString(handle.read())
    pool = descriptor_pool.DescriptorPool()
    # Add each file after the files it imports (protoc lists them so; server reflection may not).
    added, pending = set(), list(files.file)
    while pending:
        ready = [f for f in pending if all(dep in added for dep in f.dependency)]
        if not ready:
            sys.exit("unresolvable imports: %s" % [(f.name, list(f.dependency)) for f in pending])
        for file_proto in ready:
            pool.AddSerializedFile(file_proto.SerializeToString())
            added.add(file_proto.name)
            pending.remove(file_proto)

    def message_class(name):
        descriptor = pool.FindMessageTypeByName(name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(descriptor)
        return message_factory.MessageFactory(pool).GetPrototype(descriptor)

    return message_class


def main(descriptor_set_path, socket_path, page_size, after_sequence):
    message_class = message_classes(descriptor_set_path)
    channel = grpc.insecure_channel("unix:" + socket_path)

    def method(name, request_type, response_type, streaming=False):
        make = channel.unary_stream if streaming else channel.unary_unary
        response_class = message_class("mediavigil.v1." + response_type)
        call = make(
            "/%s/%s" % (SERVICE, name),
            request_serializer=lambda message: message.SerializeToString(),
            response_deserializer=response_class.FromString,
        )
        return call, message_class("mediavigil.v1." + request_type)

    get_status, GetStatusRequest = method("GetStatus", "GetStatusRequest", "GetStatusResponse")
    status = get_status(GetStatusRequest(), timeout=TIMEOUT_SECONDS)

    list_files, ListFilesRequest = method("ListFiles", "ListFilesRequest", "ListFilesResponse")
    paths, pages, token = [], 0, ""
    while True:
        page = list_files(ListFilesRequest(page_size=page_size, page_token=token), timeout=TIMEOUT_SECONDS)
        pages += 1
        paths.extend(file.path for file in page.files)
        token = page.next_page_token
        if not token or pages > 1000:
            break
    verdict_enum = message_class("mediavigil.v1.File").DESCRIPTOR.fields_by_name["verdict"].enum_type
    verdicts = sorted({verdict_enum.values_by_number[file.verdict].name for file in page.files})

    watch_events, WatchEventsRequest = method("WatchEvents", "WatchEventsRequest", "WatchEventsResponse", streaming=True)
    stream = watch_events(WatchEventsRequest(after_sequence=after_sequence), timeout=TIMEOUT_SECONDS)
    sequences, heartbeat = [], None
    for message in stream:
        if message.WhichOneof("message") == "event":
            sequences.append(message.event.sequence)
        else:
            heartbeat = json_format.MessageToDict(message.heartbeat, preserving_proto_field_name=True)
            stream.cancel()
            break

    print(json.dumps({
        "status": json_format.MessageToDict(status, preserving_proto_field_name=True),
        "paths": paths,
        "pages": pages,
        "last_page_verdicts": verdicts,
        "event_sequences": sequences,
        "heartbeat": heartbeat,
    }))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
