// A payment app as a consumer writes it, against the installed package only.
import { createPeerLink, defineMessage, isPeerLinkError, type Connection, type MessagesOf } from '@peerlink/sdk';
import { renderQr } from '@peerlink/sdk/qr';
import { scanQr, showCamera, startCamera, stopCamera } from '@peerlink/sdk/scan';

export const loyalty = defineMessage('loyalty_points', { points: 'integer', note: 'string?' });
type Messages = MessagesOf<[typeof loyalty]>;

export async function receive(canvas: HTMLCanvasElement): Promise<Connection<Messages>> {
  const peer = createPeerLink({ rendezvous: 'https://pay.example.com', messageTypes: [loyalty] });
  const invitation = await peer.invite();
  renderQr(invitation.link, canvas, { scale: 8 });
  const connection = invitation.connection;
  await connection.opened;
  await connection.send('payment_request', { requestId: 'r1', amount: '12.50', currency: 'EUR' });
  await connection.send('loyalty_points', { points: 3 });
  // @ts-expect-error a payload that does not match its type is refused at compile time
  await connection.send('payment_request', { requestId: 'r1', amount: 12.5, currency: 'EUR' });
  // @ts-expect-error so is a type nobody defined
  await connection.send('refund', {});
  connection.on('message', (m) => {
    if (m.type === 'payment_response') console.log(m.payload.status);
    if (m.type === 'loyalty_points') console.log(m.payload.points + 1);
  });
  return connection;
}

export async function pay(video: HTMLVideoElement): Promise<void> {
  const peer = createPeerLink({ rendezvous: 'https://pay.example.com', messageTypes: [loyalty] });
  const stream = await startCamera();
  try {
    await showCamera(video, stream);
    const connection = await peer.accept(await scanQr(video));
    await connection.opened;
  } catch (e) {
    if (isPeerLinkError(e)) console.log(e.code, e.reason);
  } finally {
    stopCamera(stream);
  }
}
