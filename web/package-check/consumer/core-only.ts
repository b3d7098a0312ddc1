// A page that pays by link only: it must not pull in the QR render or scan code.
import { createPeerLink } from '@peerlink/sdk';

export const peer = createPeerLink({ rendezvous: 'https://pay.example.com' });
