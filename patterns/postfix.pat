# Postfix patterns for smtplog. Format: patterns/README.md.

pattern postfix-noqueue-reject
mta     postfix
kind    reject
status  rejected
require reject:
regex   ^(?:(?<queue_id>[0-9A-Za-z]+)|NOQUEUE): reject: (?<stage>[A-Z-]+) from (?<client>[^\[ ]*)\[(?<client_ip>[^\]]*)\](?::\d+)?: (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*?)(?:; from=<(?<sender>[^>]*)>)?(?: to=<(?<recipient>[^>]*)>)?(?: proto=\S+)?(?: helo=<[^>]*>)?$
