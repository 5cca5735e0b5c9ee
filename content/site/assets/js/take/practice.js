// @ts-check
// One practice item per item kind, written for the site (never sent, never scored). They
// are shown before a section's clock starts, in the interface language, so a candidate
// tries every control once without time pressure. Each has check(value) → null when the
// answer is fine, or a short reason (in both languages) when it is not; `open` items accept
// any answer.

export const PRACTICE = {
  likert: {
    open: true,
    item: {
      id: 'practice-likert',
      text: { en: 'I like to finish one task before I start the next.', es: 'Me gusta terminar una tarea antes de empezar la siguiente.' },
    },
  },
  choice: {
    item: {
      id: 'practice-choice',
      text: { en: 'A box holds 12 pens. How many pens are there in 3 boxes?', es: 'Una caja contiene 12 bolígrafos. ¿Cuántos bolígrafos hay en 3 cajas?' },
      options: ['24', '36', '15', '32'],
    },
    check: (v) => (v === 1 ? null : { en: '3 × 12 = 36.', es: '3 × 12 = 36.' }),
  },
  sjt: {
    item: {
      id: 'practice-sjt',
      text: {
        en: 'A customer writes that the order arrived damaged and asks what to do. You are about to finish your shift.',
        es: 'Un cliente escribe que su pedido llegó dañado y pregunta qué hacer. Estás por terminar tu turno.',
      },
      options: [
        { en: 'Apologise, explain how the replacement works and open the claim before you leave.', es: 'Disculparte, explicar cómo funciona el reemplazo y abrir el reclamo antes de irte.' },
        { en: 'Leave the message for the next shift without replying.', es: 'Dejar el mensaje para el turno siguiente sin responder.' },
        { en: 'Reply that damage in transport is the courier’s fault.', es: 'Responder que los daños del transporte son culpa del mensajero.' },
        { en: 'Ask for a photo of the damage and say someone will reply tomorrow.', es: 'Pedir una foto del daño y decir que alguien responderá mañana.' },
      ],
    },
    check: (v) => (v.best === 0 && v.worst === 2 ? null : {
      en: 'the most effective response solves it now (A); blaming someone else (C) helps least.',
      es: 'la respuesta más eficaz lo resuelve ahora (A); culpar a otro (C) es lo que menos ayuda.',
    }),
  },
  disc: {
    open: true,
    item: {
      id: 'practice-disc',
      descriptors: [
        { text: { en: 'Decisive', es: 'Decidido' } },
        { text: { en: 'Sociable', es: 'Sociable' } },
        { text: { en: 'Patient', es: 'Paciente' } },
        { text: { en: 'Precise', es: 'Preciso' } },
      ],
    },
  },
  datavalidation: {
    item: {
      id: 'practice-dv',
      text: {
        en: 'Practice. Compare the order with the sheet: one cell is wrong. Correct it and answer the question.',
        es: 'Práctica. Compara la orden con la planilla: una celda tiene un error. Corrígela y responde la pregunta.',
      },
      task: {
        documents: [
          { title: { en: 'Order P-1001', es: 'Orden P-1001' }, fields: [
            { column: 'order', label: { en: 'Order no.', es: 'N.º de orden' }, value: 'P-1001' },
            { column: 'amount', label: { en: 'Amount', es: 'Monto' }, value: '1500' },
          ] },
          { title: { en: 'Order P-1002', es: 'Orden P-1002' }, fields: [
            { column: 'order', label: { en: 'Order no.', es: 'N.º de orden' }, value: 'P-1002' },
            { column: 'amount', label: { en: 'Amount', es: 'Monto' }, value: '2300' },
          ] },
        ],
        columns: [
          { id: 'order', label: { en: 'Order no.', es: 'N.º de orden' } },
          { id: 'amount', label: { en: 'Amount', es: 'Monto' } },
        ],
        rows: [['P-1001', '1500'], ['P-1002', '3200']],
        question: { en: 'With the sheet corrected, what does =SUM(B2:B3) return?', es: 'Con la planilla corregida, ¿qué resultado da =SUMA(B2:B3)?' },
      },
    },
    check: (v) => {
      const cellOk = v.cells && Object.keys(v.cells).length === 1 && v.cells['1:amount'] === '2300';
      const totalOk = v.total === 3800;
      if (cellOk && totalOk) return null;
      return {
        en: 'the amount of P-1002 is 2300 in the order (cell B3), so the sum is 1500 + 2300 = 3800.',
        es: 'el monto de P-1002 es 2300 en la orden (celda B3), así que la suma es 1500 + 2300 = 3800.',
      };
    },
  },
  writing: {
    open: true,
    item: {
      id: 'practice-writing',
      text: { en: 'Hi, my parcel was due yesterday and it has not arrived. Where is it?', es: 'Hola, mi paquete debía llegar ayer y no ha llegado. ¿Dónde está?' },
      task: { context: { en: 'You answer customer emails for an online shop.', es: 'Respondes correos de clientes de una tienda en línea.' } },
    },
  },
  cases: {
    item: {
      id: 'practice-cases',
      text: {
        en: 'Two customers are waiting. Put the more urgent one first and choose a reply for each.',
        es: 'Dos clientes esperan. Pon primero al más urgente y elige una respuesta para cada uno.',
      },
      task: {
        cases: [
          { id: 'p1', channel: 'email', waitingMinutes: 5, message: { en: 'Could you tell me your opening hours?', es: '¿Me indican su horario de atención?' },
            replies: [{ en: 'Send the opening hours.', es: 'Enviar el horario.' }, { en: 'Ask them to call instead.', es: 'Pedirle que llame.' }] },
          { id: 'p2', channel: 'chat', waitingMinutes: 12, message: { en: 'I was charged twice for one order!', es: '¡Me cobraron dos veces un mismo pedido!' },
            replies: [{ en: 'Check the charges and start the refund.', es: 'Revisar los cobros e iniciar la devolución.' }, { en: 'Tell them to wait for the bank.', es: 'Decirle que espere al banco.' }] },
        ],
      },
    },
    check: (v) => (v.order?.[0] === 'p2' && v.replies?.p2 === 0 && v.replies?.p1 === 0 ? null : {
      en: 'the double charge (chat, waiting longer) comes first, and the helpful reply is the first one in both cases.',
      es: 'el doble cobro (chat, esperando más) va primero, y la respuesta útil es la primera en ambos casos.',
    }),
  },
};
