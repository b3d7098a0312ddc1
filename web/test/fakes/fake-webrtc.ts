// A fake RTCPeerConnection good enough for the SDK's flows: real SDP text in and out (so compaction
// and rebuild run for real), candidates gathered over time, a "network" that connects two fakes
// once each has applied the other's description (ufrag + fingerprint must match), and data channels
// that carry text between them.
import { compactSdp } from '../../src/sdp.js';

let counter = 0;

export interface FakeNetwork {
  peers: FakePeerConnection[];
  /** Break ICE between every connected pair (both sides see the given state). */
  breakIce(state: 'disconnected' | 'failed'): void;
  /** Make the next connection attempts fail at ICE. */
  blockIce: boolean;
  /** Every peer also gathers a relay candidate at once, with its host candidate. */
  relay: boolean;
  /** When the srflx candidate appears after gathering starts (ms). */
  srflxDelayMs: number;
  /** How long setRemoteDescription takes (ms). */
  setRemoteDelayMs: number;
  /** Data-channel messages vanish (a dead path that ICE has not noticed). */
  dropData: boolean;
  /** ICE connects but the DTLS handshake fails (connectionState 'failed', no channel). */
  dtlsFail: boolean;
  /** The ctor to pass as the RTCPeerConnection seam. */
  Ctor: typeof RTCPeerConnection;
}

export class FakeDataChannel {
  drop: () => boolean = () => false;
  readyState: RTCDataChannelState = 'connecting';
  onopen: ((e: Event) => void) | null = null;
  onclose: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  peer: FakeDataChannel | undefined;
  sent: string[] = [];
  constructor(
    readonly label: string,
    readonly init: RTCDataChannelInit,
  ) {}
  open(): void {
    if (this.readyState !== 'connecting') return;
    this.readyState = 'open';
    this.onopen?.(new Event('open'));
  }
  send(text: string): void {
    if (this.readyState !== 'open') throw new Error('InvalidStateError: channel not open');
    this.sent.push(text);
    if (this.drop()) return;
    const peer = this.peer;
    setTimeout(() => {
      if (peer?.readyState === 'open') peer.onmessage?.(new MessageEvent('message', { data: text }));
    }, 0);
  }
  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    const peer = this.peer;
    setTimeout(() => {
      if (peer && peer.readyState !== 'closed') {
        peer.readyState = 'closed';
        peer.onclose?.(new Event('close'));
      }
    }, 0);
  }
}

const hex32 = (seed: number): string =>
  Array.from({ length: 32 }, (_, i) => ((seed * 31 + i * 7) & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(':');

export function createFakeNetwork(): FakeNetwork {
  const all: FakePeerConnectionImpl[] = [];
  const net: FakeNetwork = {
    peers: all,
    blockIce: false,
    relay: false,
    srflxDelayMs: 40,
    setRemoteDelayMs: 0,
    dropData: false,
    dtlsFail: false,
    breakIce(state) {
      for (const p of net.peers) if (p.iceConnectionState === 'connected') p.setIce(state);
    },
    Ctor: undefined as unknown as typeof RTCPeerConnection,
  };

  class FakePeerConnectionImpl {
    readonly id = ++counter;
    readonly fingerprint = hex32(this.id);
    ufrag = `u${String(this.id).padStart(3, '0')}`;
    pwd = `p${String(this.id).padStart(23, '0')}`;
    localDescription: RTCSessionDescriptionInit | null = null;
    remoteDescription: RTCSessionDescriptionInit | null = null;
    iceConnectionState: RTCIceConnectionState = 'new';
    iceGatheringState: RTCIceGatheringState = 'new';
    signalingState: RTCSignalingState = 'stable';
    onicecandidate: ((e: RTCPeerConnectionIceEvent) => void) | null = null;
    oniceconnectionstatechange: ((e: Event) => void) | null = null;
    connectionState: RTCPeerConnectionState = 'new';
    ondatachannel: ((e: RTCDataChannelEvent) => void) | null = null;
    onconnectionstatechange: ((e: Event) => void) | null = null;
    channel: FakeDataChannel | undefined;
    candidates: string[] = [];
    addedCandidates: RTCIceCandidateInit[] = [];
    closed = false;
    private listeners = new Map<string, Set<() => void>>();
    private role: 'offer' | 'answer' | undefined;
    private generation = 0;

    constructor(readonly config: RTCConfiguration) {
      all.push(this);
    }
    addEventListener(type: string, fn: () => void): void {
      if (!this.listeners.has(type)) this.listeners.set(type, new Set());
      this.listeners.get(type)!.add(fn);
    }
    removeEventListener(type: string, fn: () => void): void {
      this.listeners.get(type)?.delete(fn);
    }
    private fire(type: string): void {
      for (const fn of this.listeners.get(type) ?? []) fn();
    }
    createDataChannel(label: string, init: RTCDataChannelInit = {}): FakeDataChannel {
      this.channel = new FakeDataChannel(label, init);
      return this.channel;
    }
    private sdp(type: 'offer' | 'answer', setup: string): string {
      return [
        'v=0',
        `o=- ${this.id} 2 IN IP4 127.0.0.1`,
        's=-',
        't=0 0',
        'a=group:BUNDLE 0',
        'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
        'c=IN IP4 0.0.0.0',
        ...this.candidates.map((c) => `a=${c}`),
        `a=ice-ufrag:${this.ufrag}`,
        `a=ice-pwd:${this.pwd}`,
        `a=fingerprint:sha-256 ${this.fingerprint}`,
        `a=setup:${setup}`,
        'a=mid:0',
        'a=sctp-port:5000',
        'a=max-message-size:262144',
        '',
      ].join('\r\n') + (type === 'offer' ? '' : '');
    }
    async createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
      if (options?.iceRestart) {
        this.generation++;
        this.ufrag = `r${this.generation}${String(this.id).padStart(3, '0')}`;
        this.candidates = [];
      }
      return { type: 'offer', sdp: this.sdp('offer', 'actpass') };
    }
    async createAnswer(): Promise<RTCSessionDescriptionInit> {
      return { type: 'answer', sdp: this.sdp('answer', 'active') };
    }
    async setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
      this.role ??= d.type === 'offer' ? 'offer' : 'answer';
      this.localDescription = d;
      this.gather();
      this.tryConnect();
    }
    async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
      compactSdp(d.sdp ?? ''); // must be a description the SDK can read
      if (net.setRemoteDelayMs > 0) await new Promise((r) => setTimeout(r, net.setRemoteDelayMs));
      if (d.type === 'offer' && this.remoteDescription && this.localDescription) {
        // ICE restart from the remote side: new credentials for us too.
        this.generation++;
        this.ufrag = `a${this.generation}${String(this.id).padStart(3, '0')}`;
        this.candidates = [];
      }
      this.remoteDescription = d;
      this.tryConnect();
    }
    async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
      // As browsers do: candidates need the remote description first.
      if (!this.remoteDescription) throw new DOMException('The remote description was null', 'InvalidStateError');
      this.addedCandidates.push(c);
    }
    private gather(): void {
      // A host candidate at once (inside the local description), a srflx one later (trickled).
      const host = `candidate:1 1 udp 2122260223 10.0.0.${this.id} ${50000 + this.id} typ host`;
      const srflx = `candidate:2 1 udp 1686052607 203.0.113.${this.id} ${60000 + this.id} typ srflx raddr 0.0.0.0 rport 0`;
      const tcpActive = `candidate:3 1 tcp 1518280447 10.0.0.${this.id} 9 typ host tcptype active`;
      const gen = this.generation;
      this.iceGatheringState = 'gathering';
      const relay = `candidate:4 1 udp 41885439 198.51.100.${this.id} ${40000 + this.id} typ relay raddr 203.0.113.${this.id} rport ${60000 + this.id}`;
      this.candidates.push(host, tcpActive, ...(net.relay ? [relay] : []));
      this.refreshLocal();
      this.emitCandidate(host);
      this.emitCandidate(tcpActive);
      if (net.relay) this.emitCandidate(relay);
      setTimeout(() => {
        if (this.closed || gen !== this.generation) return;
        this.candidates.push(srflx);
        this.refreshLocal();
        this.emitCandidate(srflx);
        setTimeout(() => {
          if (this.closed || gen !== this.generation) return;
          this.iceGatheringState = 'complete';
          this.onicecandidate?.({ candidate: null } as RTCPeerConnectionIceEvent);
          this.fire('icegatheringstatechange');
        }, 5);
      }, net.srflxDelayMs);
    }
    private refreshLocal(): void {
      if (!this.localDescription) return;
      const setup = this.role === 'offer' ? 'actpass' : 'active';
      this.localDescription = { type: this.localDescription.type, sdp: this.sdp(this.role ?? 'offer', setup) };
    }
    private emitCandidate(candidate: string): void {
      queueMicrotask(() => this.onicecandidate?.({ candidate: { candidate } } as unknown as RTCPeerConnectionIceEvent));
    }
    /** The peer whose current ufrag our remote description names. */
    private remotePeer(): FakePeerConnectionImpl | undefined {
      if (!this.remoteDescription?.sdp) return undefined;
      const d = compactSdp(this.remoteDescription.sdp);
      const peer = all.find((p) => p !== this && p.ufrag === d.ufrag);
      const fp = Array.from(d.fingerprint, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
      return peer && peer.fingerprint === fp ? peer : undefined;
    }
    private tryConnect(): void {
      const peer = this.remotePeer();
      if (!peer || !this.localDescription || !peer.localDescription || peer.remotePeer() !== this) return;
      setTimeout(() => {
        if (this.closed || peer.closed) return;
        if (net.blockIce) {
          this.setIce('failed');
          peer.setIce('failed');
          return;
        }
        this.setIce('connected');
        peer.setIce('connected');
        if (net.dtlsFail) {
          for (const p of [this, peer]) {
            p.connectionState = 'failed';
            p.onconnectionstatechange?.(new Event('connectionstatechange'));
          }
          return;
        }
        const offerer = this.role === 'offer' ? this : peer;
        const answerer = offerer === this ? peer : this;
        const ch = offerer.channel;
        if (ch && !ch.peer) {
          const remote = new FakeDataChannel(ch.label, ch.init);
          ch.drop = remote.drop = () => net.dropData;
          ch.peer = remote;
          remote.peer = ch;
          answerer.channel = remote;
          ch.open();
          answerer.ondatachannel?.({ channel: remote } as unknown as RTCDataChannelEvent);
          remote.open();
        }
      }, 5);
    }
    setIce(state: RTCIceConnectionState): void {
      if (this.iceConnectionState === state || this.closed) return;
      this.iceConnectionState = state;
      this.oniceconnectionstatechange?.(new Event('iceconnectionstatechange'));
    }
    async getStats(): Promise<RTCStatsReport> {
      const m = new Map<string, unknown>([
        ['T1', { type: 'transport', selectedCandidatePairId: 'CP1' }],
        ['CP1', { type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', currentRoundTripTime: 0.0012 }],
        ['L1', { type: 'local-candidate', candidateType: this.config.iceTransportPolicy === 'relay' ? 'relay' : 'host' }],
        ['R1', { type: 'remote-candidate', candidateType: 'host' }],
      ]);
      return m as unknown as RTCStatsReport;
    }
    close(): void {
      if (this.closed) return;
      this.closed = true;
      this.iceConnectionState = 'closed';
      this.channel?.close();
    }
  }

  net.Ctor = FakePeerConnectionImpl as unknown as typeof RTCPeerConnection;
  return net;
}

export type FakePeerConnection = {
  id: number;
  config: RTCConfiguration;
  closed: boolean;
  addedCandidates: RTCIceCandidateInit[];
  iceConnectionState: RTCIceConnectionState;
  channel: FakeDataChannel | undefined;
  setIce(state: RTCIceConnectionState): void;
};
