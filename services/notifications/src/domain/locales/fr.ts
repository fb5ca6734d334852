import { type Catalogue, dateFormatter, withRef } from './catalogue.ts';
import { COURIER_FR } from './courier-words.ts';

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
      subject: (f) => `Votre commande${withRef(f.orderRef)} est confirmée`,
      heading: 'Merci, votre commande est confirmée',
      body: (f) => [`Nous avons bien reçu votre paiement de ${f.total} et préparons votre colis.`],
    },
    shipped: {
      subject: (f) => `Votre commande${withRef(f.orderRef)} est en route`,
      heading: 'Votre colis a quitté notre entrepôt',
      body: (f) => [`${f.carrier ?? 'Le transporteur'} l'achemine. Suivez-le avec le lien ci-dessous.`],
    },
    out_for_delivery: {
      subject: (f) => `Votre commande${withRef(f.orderRef)} arrive aujourd'hui`,
      heading: 'En cours de livraison',
      body: () => ["Le livreur est en route avec votre colis aujourd'hui."],
    },
    delivered: {
      subject: (f) => `Votre commande${withRef(f.orderRef)} a été livrée`,
      heading: 'Livrée',
      body: () => ['Votre colis a été livré. Nous espérons qu’il vous plaira.'],
    },
    delivery_problem: {
      subject: (f) => `Un problème de livraison pour votre commande${withRef(f.orderRef)}`,
      heading: 'Un problème est survenu lors de la livraison',
      body: () => fr.problem(),
    },
    cancelled: {
      subject: (f) => `Votre commande${withRef(f.orderRef)} a été annulée`,
      heading: 'Votre commande a été annulée',
      body: (f) => fr.cancelled({ reason: f.reason, money: f.money ?? 'none', total: f.total }),
    },
  },
  cancelled: ({ reason, money, total }) => {
    const why = `Nous avons annulé votre commande car ${(reason && REASONS[reason]) || "nous n'avons pas pu la traiter"}.`;
    const again =
      reason === 'payment_declined' || reason === 'out_of_stock'
        ? ' Vous pouvez commander à nouveau quand vous le souhaitez.'
        : '';
    const moneyText = {
      none: `Vous n'avez pas été débité.${again}`,
      released: `Toute réservation sur votre carte a été libérée ; vous n'avez pas été débité.${again}`,
      refunded: `Un remboursement de ${total ?? 'la totalité'} est en cours ; il peut mettre 5 à 10 jours ouvrés à apparaître sur votre relevé.`,
    }[money];
    return [why, moneyText];
  },
  problem: (courier) => [
    courier === 'return_to_sender'
      ? "Le transporteur n'a pas pu livrer votre colis et nous le retourne."
      : 'Le transporteur signale un problème de livraison de votre colis.',
    'Nous nous en occupons. Contactez-nous (coordonnées ci-dessous) : nous organiserons une nouvelle livraison ou un remboursement.',
  ],
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
  steps: {
    ordered: 'Commandée',
    paid: 'Payée',
    shipped: 'Expédiée',
    out_for_delivery: 'En livraison',
    delivered: 'Livrée',
  },
  stepState: {
    done: 'terminée',
    current: 'étape en cours',
    todo: 'à venir',
    problem: 'interrompue : problème de livraison',
    cancelled: 'interrompue : annulée',
  },
  courier: COURIER_FR,
  labels: {
    order: 'Commande',
    total: 'Total',
    items: 'Articles',
    quantity: 'Qté',
    price: 'Prix',
    carrier: 'Transporteur',
    trackingNumber: 'Numéro de suivi',
    courierLink: 'Suivre sur le site du transporteur',
    trackCta: 'Suivre votre commande',
    estimatedDelivery: 'Livraison estimée',
    step: (n, of, name) => `Étape ${n} sur ${of} : ${name}`,
    help: "Besoin d'aide ?",
    supportEmail: 'E-mail',
    supportSite: "Centre d'aide",
    noSupport: "Répondez à l'un de nos e-mails et nous vous aiderons.",
    signoff: (shop) => `Merci pour votre achat chez ${shop}.`,
    unsubscribe: 'Ne plus recevoir les e-mails de suivi de livraison',
    unsubscribeNote: 'Les confirmations, annulations et problèmes de livraison sont toujours envoyés.',
  },
  page: {
    title: (ref) => (ref ? `Commande ${ref}` : 'Votre commande'),
    progress: 'Progression',
    status: 'Statut',
    shipment: 'Expédition',
    timeline: 'Suivi',
    noEvents: 'Pas encore de mise à jour.',
    liveNote: 'Cette page se met à jour toute seule.',
    notFoundTitle: 'Page introuvable',
    notFoundBody: "Ce lien de suivi n'est pas valide. Utilisez le lien de votre e-mail.",
  },
  unsubscribePage: {
    title: 'E-mails de suivi de livraison',
    confirmBody: 'Ne plus recevoir les e-mails « en cours de livraison » et « livrée » ?',
    confirmButton: 'Arrêter ces e-mails',
    doneBody: 'C’est fait. Vous ne recevrez plus les e-mails de suivi de livraison.',
  },
  ...dateFormatter('fr-FR'),
};
