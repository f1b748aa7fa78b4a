/**
 * The rest of the Linux values Python's socket module exposes for options, levels, flags and
 * protocols (CAN, TIPC, ALG, RDS, J1939 and VSOCK ones are left out with their families).
 * Options sockit does not model are handed to the kernel as they are (see setsockopt).
 */

// Option levels
export const SOL_IP = 0;
export const SOL_TCP = 6;
export const SOL_UDP = 17;

// SOL_SOCKET options
export const SO_BINDTODEVICE = 25;
export const SO_DOMAIN = 39;
export const SO_INCOMING_CPU = 49;
export const SO_MARK = 36;
export const SO_PASSCRED = 16;
export const SO_PASSSEC = 34;
export const SO_PEERCRED = 17;
export const SO_PEERSEC = 31;
export const SO_PRIORITY = 12;
export const SO_PROTOCOL = 38;

// Ancillary message types
export const SCM_CREDENTIALS = 2;
export const SCM_RIGHTS = 1;

// IPPROTO_TCP options
export const TCP_CONGESTION = 13;
export const TCP_CORK = 3;
export const TCP_DEFER_ACCEPT = 9;
export const TCP_FASTOPEN = 23;
export const TCP_INFO = 11;
export const TCP_LINGER2 = 8;
export const TCP_NOTSENT_LOWAT = 25;
export const TCP_QUICKACK = 12;
export const TCP_SYNCNT = 7;
export const TCP_USER_TIMEOUT = 18;
export const TCP_WINDOW_CLAMP = 10;

// IPPROTO_IP options (multicast among them)
export const IP_ADD_MEMBERSHIP = 35;
export const IP_BIND_ADDRESS_NO_PORT = 24;
export const IP_DEFAULT_MULTICAST_LOOP = 1;
export const IP_DEFAULT_MULTICAST_TTL = 1;
export const IP_DROP_MEMBERSHIP = 36;
export const IP_HDRINCL = 3;
export const IP_MAX_MEMBERSHIPS = 20;
export const IP_MULTICAST_IF = 32;
export const IP_MULTICAST_LOOP = 34;
export const IP_MULTICAST_TTL = 33;
export const IP_OPTIONS = 4;
export const IP_RECVOPTS = 6;
export const IP_RECVRETOPTS = 7;
export const IP_RECVTOS = 13;
export const IP_RETOPTS = 7;
export const IP_TRANSPARENT = 19;

// IPPROTO_IPV6 options
export const IPV6_CHECKSUM = 7;
export const IPV6_DONTFRAG = 62;
export const IPV6_DSTOPTS = 59;
export const IPV6_HOPLIMIT = 52;
export const IPV6_HOPOPTS = 54;
export const IPV6_JOIN_GROUP = 20;
export const IPV6_LEAVE_GROUP = 21;
export const IPV6_MULTICAST_HOPS = 18;
export const IPV6_MULTICAST_IF = 17;
export const IPV6_MULTICAST_LOOP = 19;
export const IPV6_NEXTHOP = 9;
export const IPV6_PATHMTU = 61;
export const IPV6_PKTINFO = 50;
export const IPV6_RECVDSTOPTS = 58;
export const IPV6_RECVHOPLIMIT = 51;
export const IPV6_RECVHOPOPTS = 53;
export const IPV6_RECVPATHMTU = 60;
export const IPV6_RECVPKTINFO = 49;
export const IPV6_RECVRTHDR = 56;
export const IPV6_RECVTCLASS = 66;
export const IPV6_RTHDR = 57;
export const IPV6_RTHDRDSTOPTS = 55;
export const IPV6_RTHDR_TYPE_0 = 0;
export const IPV6_TCLASS = 67;
export const IPV6_UNICAST_HOPS = 16;

// Protocol numbers
export const IPPROTO_AH = 51;
export const IPPROTO_DSTOPTS = 60;
export const IPPROTO_EGP = 8;
export const IPPROTO_ESP = 50;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_GRE = 47;
export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_IDP = 22;
export const IPPROTO_IGMP = 2;
export const IPPROTO_IPIP = 4;
export const IPPROTO_MPTCP = 262;
export const IPPROTO_NONE = 59;
export const IPPROTO_PIM = 103;
export const IPPROTO_PUP = 12;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_RSVP = 46;
export const IPPROTO_SCTP = 132;
export const IPPROTO_TP = 29;
export const IPPROTO_UDPLITE = 136;

// send/recv flags
export const MSG_CMSG_CLOEXEC = 1073741824;
export const MSG_CONFIRM = 2048;
export const MSG_CTRUNC = 8;
export const MSG_ERRQUEUE = 8192;
export const MSG_FASTOPEN = 536870912;
export const MSG_MORE = 32768;

// Socket types and socket() flags
export const SOCK_CLOEXEC = 0x80000;
export const SOCK_NONBLOCK = 2048;
export const SOCK_RAW = 3;
export const SOCK_RDM = 4;
export const SOCK_SEQPACKET = 5;

// IPv4 multicast groups
export const INADDR_ALLHOSTS_GROUP = 0xe0000001;
export const INADDR_MAX_LOCAL_GROUP = 0xe00000ff;
export const INADDR_UNSPEC_GROUP = 0xe0000000;

// Ports and the errno values Python's socket module re-exports
export const IPPORT_RESERVED = 1024;
export const IPPORT_USERRESERVED = 5000;
export const EAGAIN = 11;
export const EBADF = 9;
export const EWOULDBLOCK = 11;
