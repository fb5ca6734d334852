import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import amqp from 'amqplib';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import { infraUrls, waitFor } from '../support/infra.ts';

const urls = infraUrls();

describe('local infrastructure is real', () => {
  describe('RabbitMQ', () => {
    it('when a persistent message is published with confirms, then a manual-ack consumer receives it', async () => {
      const conn = await amqp.connect(urls.amqp);
      try {
        const ch = await conn.createConfirmChannel();
        const queue = `smoke.${randomUUID()}`;
        await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
        const body = Buffer.from(JSON.stringify({ hello: 'world' }));
        await new Promise<void>((resolve, reject) =>
          ch.sendToQueue(queue, body, { persistent: true, messageId: 'm-1' }, (err) =>
            err ? reject(err) : resolve(),
          ),
        );
        const received = await new Promise<amqp.ConsumeMessage>((resolve) => {
          void ch.consume(queue, (msg) => msg && resolve(msg), { noAck: false });
        });
        ch.ack(received);
        assert.equal(received.properties.messageId, 'm-1');
        assert.deepEqual(JSON.parse(received.content.toString()), { hello: 'world' });
        await ch.deleteQueue(queue);
        await ch.close();
      } finally {
        await conn.close();
      }
    });
  });

  describe('MongoDB-wire server through mongoose', () => {
    let db: mongoose.Connection;
    before(async () => {
      db = await mongoose.createConnection(urls.mongo, { dbName: `smoke_${Date.now()}` }).asPromise();
    });
    after(async () => {
      await db.dropDatabase();
      await db.close();
    });

    it('when documents are created, queried, updated and deleted, then each step is visible', async () => {
      const Item = db.model(
        'Item',
        new mongoose.Schema({ sku: { type: String, unique: true }, qty: Number }),
      );
      await Item.init();
      await Item.create({ sku: 'A', qty: 1 });
      assert.equal((await Item.findOne({ sku: 'A' }).lean())?.qty, 1);
      await Item.updateOne({ sku: 'A' }, { $inc: { qty: 4 } });
      assert.equal((await Item.findOne({ sku: 'A' }).lean())?.qty, 5);
      await Item.deleteOne({ sku: 'A' });
      assert.equal(await Item.countDocuments(), 0);
    });

    it('when a unique index is violated, then a duplicate-key error (11000) surfaces', async () => {
      const Key = db.model('Key', new mongoose.Schema({ k: { type: String, unique: true } }));
      await Key.init();
      await Key.create({ k: 'x' });
      await assert.rejects(Key.create({ k: 'x' }), (err: { code?: number }) => err.code === 11000);
    });
  });

  describe('SMTP with mailpit', () => {
    it('when an email is sent over SMTP, then mailpit API returns it', async () => {
      const subject = `smoke ${randomUUID()}`;
      const transport = nodemailer.createTransport(urls.smtp);
      await transport.sendMail({
        from: 'shop@example.test',
        to: 'customer@example.test',
        subject,
        text: 'hello',
      });
      const found = await waitFor(
        async () => {
          const res = await fetch(
            `${urls.mailpitApi}/api/v1/search?query=${encodeURIComponent(`subject:"${subject}"`)}`,
          );
          const body = (await res.json()) as { messages: { Subject: string }[] };
          return body.messages.find((m) => m.Subject === subject);
        },
        { timeoutMs: 10_000, what: 'the email in mailpit' },
      );
      assert.equal(found.Subject, subject);
    });
  });
});
