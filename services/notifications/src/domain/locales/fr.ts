import type { Catalogue } from './catalogue.ts';

const REASONS: Record<string, string> = {
  payment_declined: 'votre paiement a été refusé par votre banque',
  out_of_stock: 'certains articles commandés ne sont plus en stock',
  capture_failed: "nous n'avons pas pu finaliser le paiement",
  customer_cancelled: "vous nous l'avez demandé",
  operator_cancelled: "notre équipe a dû l'annuler",
};

export const fr: Catalogue = {
  lang: 'fr',
  greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
  kinds: {
    order_confirmed: {
      subject: (f) => `Votre commande ${f.orderRef} est confirmée`,
      heading: 'Merci, votre commande est confirmée',
      body: (f) => [`Nous avons bien reçu votre paiement de ${f.total} et préparons votre colis.`],
    },
    shipped: {
      subject: (f) => `Votre commande ${f.orderRef} est en route`,
      heading: 'Votre colis a quitté notre entrepôt',
      body: (f) => [
        `${f.carrier ?? 'Le transporteur'} l'achemine. Suivez-le avec le numéro de suivi ci-dessous.`,
      ],
    },
    out_for_delivery: {
      subject: (f) => `Votre commande ${f.orderRef} arrive aujourd'hui`,
      heading: 'En cours de livraison',
      body: () => ["Le livreur est en route avec votre colis aujourd'hui."],
    },
    delivered: {
      subject: (f) => `Votre commande ${f.orderRef} a été livrée`,
      heading: 'Livrée',
      body: () => ['Votre colis a été livré. Nous espérons qu’il vous plaira.'],
    },
    delivery_problem: {
      subject: (f) => `Un problème de livraison pour la commande ${f.orderRef}`,
      heading: 'Un problème est survenu lors de la livraison',
      body: () => [
        'Le transporteur signale un problème de livraison. Nous nous en occupons et revenons vers vous.',
      ],
    },
    cancelled: {
      subject: (f) => `Votre commande ${f.orderRef} a été annulée`,
      heading: 'Votre commande a été annulée',
      body: (f) => [
        `Nous avons annulé votre commande car ${fr.cancelReason(f.reason)}.`,
        fr.money[f.money ?? 'none'],
      ],
    },
  },
  cancelReason: (reason) => (reason && REASONS[reason]) || "nous n'avons pas pu la traiter",
  money: {
    none: "Vous n'avez pas été débité.",
    released: "Le montant réservé sur votre carte a été libéré ; vous n'avez pas été débité.",
    refunded: 'Nous vous avons remboursé intégralement ; cela peut prendre quelques jours.',
  },
  display: {
    processing: 'Commande reçue',
    preparing: 'En préparation',
    shipped: 'Expédiée',
    in_transit: 'En transit',
    out_for_delivery: 'En cours de livraison',
    available_for_pickup: 'Disponible au retrait',
    problem: 'Problème de livraison',
    delivered: 'Livrée',
    cancelled: 'Annulée',
  },
  labels: {
    order: 'Commande',
    total: 'Total',
    items: 'Articles',
    carrier: 'Transporteur',
    trackingNumber: 'Numéro de suivi',
    courierLink: 'Suivi chez le transporteur',
    trackCta: 'Suivre votre commande',
    signoff: 'Merci pour votre achat.',
    unsubscribe: 'Ne plus recevoir les e-mails de suivi de livraison',
    unsubscribeNote: 'Les confirmations, annulations et problèmes de livraison sont toujours envoyés.',
  },
  page: {
    title: (ref) => `Commande ${ref}`,
    status: 'Statut',
    estimatedDelivery: 'Livraison estimée',
    items: 'Articles',
    shipment: 'Expédition',
    timeline: 'Historique',
    noEvents: 'Pas encore de mise à jour.',
    liveNote: 'Cette page se met à jour toute seule.',
    notFoundTitle: 'Page introuvable',
    notFoundBody: "Ce lien de suivi n'est pas valide. Utilisez le lien de votre e-mail.",
    quantity: 'Quantité',
  },
  unsubscribePage: {
    title: 'E-mails de suivi de livraison',
    confirmBody: 'Ne plus recevoir les e-mails « en cours de livraison » et « livrée » ?',
    confirmButton: 'Arrêter ces e-mails',
    doneBody: 'C’est fait. Vous ne recevrez plus les e-mails de suivi de livraison.',
  },
  formatDate: (iso) =>
    new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
      new Date(iso),
    ) + ' UTC',
};
