/** Who is making a request, as established from their token. */
export interface TechnicianActor {
  readonly kind: 'technician';
  readonly id: number;
  readonly name: string;
  readonly admin: boolean;
  readonly tokenPrefix: string;
  /** May see customer data unmasked (DESIGN §2.5); without it the server masks what it sends them. */
  readonly canUnmask?: boolean;
}

export type Actor = TechnicianActor;
